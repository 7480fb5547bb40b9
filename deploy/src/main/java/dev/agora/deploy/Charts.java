package dev.agora.deploy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;

/**
 * Renders the platform chart with Helm's own engine, in-process (helm-java): what
 * {@code helm template} prints, for a values file and extra {@code --set}s.
 */
public final class Charts {

    /** The Kubernetes version charts are rendered for: the oldest EKS version the chart supports. */
    public static final String KUBE_VERSION = "1.30.0";

    /** The release name and namespace of the documented install command. */
    public static final String RELEASE = "agora";

    public static final String NAMESPACE = "agora";

    private final Path root;

    /** @param root the repository root */
    public Charts(Path root) {
        this.root = root;
    }

    public Path platformChart() {
        return root.resolve("helm/agora");
    }

    public Path libraryChart() {
        return root.resolve("helm/agora-lib");
    }

    /**
     * @param valuesFiles values files relative to the platform chart, applied in order
     * @param sets more values, as {@code --set key=value}
     */
    public String render(List<String> valuesFiles, Map<String, Object> sets) {
        TemplateCommand template = new Helm(platformChart()).template()
            .withName(RELEASE)
            .withNamespace(NAMESPACE)
            .withKubeVersion(KUBE_VERSION);
        for (String file : valuesFiles) {
            template = template.withValuesFile(platformChart().resolve(file));
        }
        for (var set : sets.entrySet()) {
            template = template.set(set.getKey(), set.getValue());
        }
        return template.call();
    }
}
