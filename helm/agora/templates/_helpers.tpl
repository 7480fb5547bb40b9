{{/* The Secret every credential comes from: the existing one, or the one this chart creates. */}}
{{- define "agora.secretName" -}}
{{- .Values.secrets.existingSecret | default (include "agora-lib.names.component" (dict "root" . "component" "secrets")) -}}
{{- end -}}

{{/* A service's values merged over serviceDefaults. Takes root and component; returns YAML. */}}
{{- define "agora.service.values" -}}
{{- $own := index .root.Values.services .component -}}
{{- toYaml (mergeOverwrite (deepCopy .root.Values.serviceDefaults) (deepCopy $own)) -}}
{{- end -}}

{{/* Database user of a service: user-svc -> user_svc. */}}
{{- define "agora.dbUser" -}}
{{- . | replace "-" "_" -}}
{{- end -}}

{{- define "agora.postgres.host" -}}
{{- if .Values.postgresql.enabled -}}
{{- include "agora-lib.names.component" (dict "root" . "component" "postgresql") -}}
{{- else -}}
{{- required "externalPostgresql.host is required when postgresql.enabled is false" .Values.externalPostgresql.host -}}
{{- end -}}
{{- end -}}

{{- define "agora.postgres.port" -}}
{{- ternary 5432 .Values.externalPostgresql.port .Values.postgresql.enabled -}}
{{- end -}}

{{/* host:port list of MongoDB. */}}
{{- define "agora.mongodb.hosts" -}}
{{- if .Values.mongodb.enabled -}}
{{- printf "%s:27017" (include "agora-lib.names.component" (dict "root" . "component" "mongodb")) -}}
{{- else -}}
{{- required "externalMongodb.hosts is required when mongodb.enabled is false" .Values.externalMongodb.hosts -}}
{{- end -}}
{{- end -}}

{{- define "agora.redis.host" -}}
{{- if .Values.redis.enabled -}}
{{- include "agora-lib.names.component" (dict "root" . "component" "redis") -}}
{{- else -}}
{{- required "externalRedis.host is required when redis.enabled is false" .Values.externalRedis.host -}}
{{- end -}}
{{- end -}}

{{- define "agora.redis.port" -}}
{{- ternary 6379 .Values.externalRedis.port .Values.redis.enabled -}}
{{- end -}}

{{/* The Secret's inputs: a change to them rolls the pods that read it (generated values are stable across upgrades). */}}
{{- define "agora.secretChecksum" -}}
{{- toYaml .Values.secrets | sha256sum -}}
{{- end -}}

{{- define "agora.redis.auth" -}}
{{- if or .Values.redis.enabled .Values.externalRedis.auth }}true{{ end -}}
{{- end -}}

{{/* A secretKeyRef env entry. Takes root, name (env var) and key. */}}
{{- define "agora.secretEnv" -}}
- name: {{ .name }}
  valueFrom:
    secretKeyRef:
      name: {{ include "agora.secretName" .root }}
      key: {{ .key }}
{{- end -}}

{{/* Services that call user-svc with client credentials: every enabled service but user-svc and the gateway. */}}
{{- define "agora.clients" -}}
{{- range $name, $svc := .Values.services -}}
{{- if and $svc.enabled (ne $name "user-svc") (ne $name "gateway") }}
- {{ $name }}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* Services whose pods call the given one (the gateway included). Takes root and component; returns a YAML list. */}}
{{- define "agora.callers" -}}
{{- $target := .component -}}
{{- range $name, $svc := .root.Values.services -}}
{{- if and $svc.enabled (has $target $svc.calls) }}
- {{ $name }}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* A credential: the value given, else the live Secret's (upgrades keep it), else a new random one. Takes given, live and key. */}}
{{- define "agora.secretValue" -}}
{{- if .given }}{{ .given }}{{ else if hasKey .live .key }}{{ index .live .key | b64dec }}{{ else }}{{ randAlphaNum 32 }}{{ end -}}
{{- end -}}

{{/* Helm hook annotations with a weight, or none when the hook runs as a plain resource. Takes hook and weight. */}}
{{- define "agora.hookAnnotations" -}}
{{- if .hook -}}
{{- toYaml (merge (dict "helm.sh/hook-weight" .weight) .hook) -}}
{{- else -}}
{}
{{- end -}}
{{- end -}}

{{/*
Whether to render the Prometheus Operator objects: "true" when the cluster serves
monitoring.coreos.com/v1 (or metrics.assumeOperatorApi says to render without asking), and a
failed render when one of them is enabled on a cluster without the Operator, so the install says
why instead of failing on an unknown kind.
*/}}
{{- define "agora.prometheusOperatorApi" -}}
{{- $m := .Values.metrics -}}
{{- if or $m.serviceMonitor.enabled $m.prometheusRule.enabled -}}
{{- if or $m.assumeOperatorApi (.Capabilities.APIVersions.Has "monitoring.coreos.com/v1") -}}
true
{{- else -}}
{{- fail "metrics.serviceMonitor.enabled and metrics.prometheusRule.enabled need the Prometheus Operator (monitoring.coreos.com/v1), which this cluster does not serve: install kube-prometheus-stack first, or turn them off. Rendering without a cluster (helm template), pass --api-versions monitoring.coreos.com/v1 or set metrics.assumeOperatorApi=true." -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/*
The datastore CA bundle's path in the pods, and whether PostgreSQL or MongoDB use it: only
external ones, and only when datastoreCa.configMap names the bundle.
*/}}
{{- define "agora.datastoreCa.dir" -}}/etc/agora/datastore-ca{{- end -}}
{{- define "agora.datastoreCa.file" -}}{{ include "agora.datastoreCa.dir" . }}/{{ .Values.datastoreCa.key }}{{- end -}}
{{- define "agora.datastoreCa.postgres" -}}
{{- if not .Values.postgresql.enabled }}
{{- if .Values.datastoreCa.configMap }}true
{{- else if hasPrefix "verify-" .Values.externalPostgresql.sslMode }}
{{- fail (printf "externalPostgresql.sslMode %s checks the server's certificate against a CA bundle: name the ConfigMap that holds it in datastoreCa.configMap (Amazon RDS: global-bundle.pem, see values.yaml)" .Values.externalPostgresql.sslMode) }}
{{- end }}
{{- end -}}
{{- end -}}
{{- define "agora.datastoreCa.mongodb" -}}
{{- if and .Values.datastoreCa.configMap (not .Values.mongodb.enabled) }}true{{ end -}}
{{- end -}}
