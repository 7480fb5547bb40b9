package dev.agora.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/** Splits rendered YAML into documents and reads each into the fabric8 Kubernetes model. */
public final class Manifests {

    private static final Pattern SEPARATOR = Pattern.compile("(?m)^---\\s*$");

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private Manifests() {
    }

    /** The non-empty YAML documents of a multi-document stream, comments included. */
    public static List<String> documents(String yaml) {
        List<String> docs = new ArrayList<>();
        for (String doc : SEPARATOR.split(yaml)) {
            boolean empty = doc.lines().map(String::strip).allMatch(l -> l.isEmpty() || l.startsWith("#"));
            if (!empty) {
                docs.add(doc.strip() + "\n");
            }
        }
        return docs;
    }

    /** Every document as a typed object (a GenericKubernetesResource when the model does not know the kind). */
    public static List<HasMetadata> parse(String yaml) {
        return documents(yaml).stream().map(doc -> (HasMetadata) SERIALIZATION.unmarshal(doc)).toList();
    }
}
