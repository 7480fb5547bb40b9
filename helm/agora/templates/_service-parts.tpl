{{/*
The parts of a service the library's generic templates take. Each takes a dict with root,
component and svc (merged values).
*/}}

{{/* Non-secret configuration: the service's ConfigMap data. */}}
{{- define "agora.service.config" -}}
{{- $root := .root -}}
{{- $svc := .svc -}}
SERVER_PORT: "8080"
AGORA_LOGGING_JSON: "true"
JDK_JAVA_OPTIONS: {{ $svc.jvmOptions | quote }}
SPRING_LIFECYCLE_TIMEOUTPERSHUTDOWNPHASE: "{{ $svc.shutdownPhaseSeconds }}s"
MANAGEMENT_TRACING_SAMPLING_PROBABILITY: {{ $root.Values.tracing.samplingProbability | toString | quote }}
{{- with $root.Values.tracing.otlp.endpoint }}
MANAGEMENT_OPENTELEMETRY_TRACING_EXPORT_OTLP_ENDPOINT: {{ . | quote }}
{{- end }}
{{- range $svc.calls }}
AGORA_SERVICES_{{ . | trimSuffix "-svc" | upper }}_URI: "http://{{ . }}:8080"
{{- end }}
{{- if and (ne .component "user-svc") (ne .component "gateway") }}
AGORA_SERVICECLIENT_CLIENTID: {{ .component | quote }}
{{- end }}
{{- with $svc.postgres }}
{{- $ssl := ternary "disable" $root.Values.externalPostgresql.sslMode $root.Values.postgresql.enabled }}
SPRING_R2DBC_URL: "r2dbc:postgresql://{{ include "agora.postgres.host" $root }}:{{ include "agora.postgres.port" $root }}/{{ . }}?sslMode={{ $ssl }}{{ if include "agora.datastoreCa.postgres" $root }}&sslRootCert={{ include "agora.datastoreCa.file" $root }}{{ end }}"
SPRING_R2DBC_USERNAME: {{ include "agora.dbUser" $.component | quote }}
{{- end }}
{{- if and $svc.mongodb (include "agora.datastoreCa.mongodb" $root) }}
SPRING_SSL_BUNDLE_PEM_DATASTORE_TRUSTSTORE_CERTIFICATE: "file:{{ include "agora.datastoreCa.file" $root }}"
SPRING_MONGODB_SSL_ENABLED: "true"
SPRING_MONGODB_SSL_BUNDLE: datastore
{{- end }}
{{- if eq .component "user-svc" }}
AGORA_AUTH_ACTIVEKEYID: {{ $root.Values.secrets.jwtKeyId | quote }}
AGORA_AUTH_KEYS_0_ID: {{ $root.Values.secrets.jwtKeyId | quote }}
AGORA_AUTH_KEYS_0_PRIVATEKEYLOCATION: "file:/etc/agora/signing-key/jwt-signing-key.pem"
AGORA_BOOTSTRAP_ADMIN_EMAIL: {{ $root.Values.secrets.bootstrapAdminEmail | quote }}
{{- range $i, $client := include "agora.clients" $root | fromYamlArray }}
AGORA_AUTH_CLIENTS_{{ $i }}_ID: {{ $client | quote }}
{{- end }}
{{- end }}
{{- if and (eq .component "gateway") $svc.corsAllowedOrigins }}
AGORA_CORS_ALLOWEDORIGINS: {{ $svc.corsAllowedOrigins | quote }}
{{- end }}
{{- if $svc.smtp }}
{{- with $root.Values.smtp }}
{{- if .host }}
SPRING_MAIL_HOST: {{ .host | quote }}
SPRING_MAIL_PORT: {{ .port | quote }}
SPRING_MAIL_PROPERTIES_MAIL_SMTP_STARTTLS_ENABLE: {{ .starttls | quote }}
SPRING_MAIL_PROPERTIES_MAIL_SMTP_STARTTLS_REQUIRED: {{ .starttls | quote }}
{{- end }}
AGORA_NOTIFICATIONS_FROM: {{ .from | quote }}
{{- $web := .webUrl | default (and $root.Values.ingress.host (printf "https://%s" $root.Values.ingress.host)) }}
{{- if $web }}
AGORA_NOTIFICATIONS_WEBURL: {{ $web | quote }}
{{- end }}
{{- end }}
{{- end }}
{{- if eq .component "product-svc" }}
{{- with $root.Values.media }}
AGORA_MEDIA_STORE: {{ .store | quote }}
{{- if eq .store "s3" }}
AGORA_MEDIA_S3_BUCKET: {{ required "media.bucket is needed when media.store is s3" .bucket | quote }}
AGORA_MEDIA_S3_REGION: {{ .region | quote }}
{{- else }}
AGORA_MEDIA_DIRECTORY: "/tmp/agora-media"
{{- end }}
{{- $public := .publicUrl | default (and $root.Values.ingress.host (printf "https://%s/api/v1/media" $root.Values.ingress.host)) }}
{{- if $public }}
AGORA_MEDIA_PUBLICURL: {{ $public | quote }}
{{- end }}
{{- end }}
{{- end }}
{{- range $key, $value := $svc.config }}
{{ $key }}: {{ $value | toString | quote }}
{{- end }}
{{- end -}}

{{/* Credentials, each a reference into the Secret; URLs only refer to them as $(VAR). */}}
{{- define "agora.service.env" -}}
{{- $root := .root -}}
{{- $svc := .svc -}}
{{- if $svc.postgres }}
{{ include "agora.secretEnv" (dict "root" $root "name" "SPRING_R2DBC_PASSWORD" "key" (printf "db-password-%s" .component)) }}
{{- end }}
{{- if $svc.redis }}
{{- $tls := and (not $root.Values.redis.enabled) $root.Values.externalRedis.tls }}
{{- $port := include "agora.redis.port" $root }}
{{- if include "agora.redis.auth" $root }}
{{ include "agora.secretEnv" (dict "root" $root "name" "REDIS_PASSWORD" "key" "redis-password") }}
- name: SPRING_DATA_REDIS_URL
  value: "{{ ternary "rediss" "redis" $tls }}://:$(REDIS_PASSWORD)@{{ include "agora.redis.host" $root }}:{{ $port }}"
{{- else }}
- name: SPRING_DATA_REDIS_URL
  value: "{{ ternary "rediss" "redis" $tls }}://{{ include "agora.redis.host" $root }}:{{ $port }}"
{{- end }}
{{- end }}
{{- with $svc.mongodb }}
{{ include "agora.secretEnv" (dict "root" $root "name" "MONGODB_PASSWORD" "key" (printf "mongodb-password-%s" $.component)) }}
{{- $scheme := ternary "mongodb" $root.Values.externalMongodb.scheme $root.Values.mongodb.enabled }}
{{- $options := ternary (printf "authSource=%s" .) $root.Values.externalMongodb.options $root.Values.mongodb.enabled }}
- name: SPRING_MONGODB_URI
  value: "{{ $scheme }}://{{ include "agora.dbUser" $.component }}:$(MONGODB_PASSWORD)@{{ include "agora.mongodb.hosts" $root }}/{{ . }}{{ with $options }}?{{ . }}{{ end }}"
{{- end }}
{{- if and (ne .component "user-svc") (ne .component "gateway") }}
{{ include "agora.secretEnv" (dict "root" $root "name" "AGORA_SERVICECLIENT_CLIENTSECRET" "key" (printf "client-secret-%s" .component)) }}
{{- end }}
{{- if eq .component "user-svc" }}
{{ include "agora.secretEnv" (dict "root" $root "name" "AGORA_BOOTSTRAP_ADMIN_PASSWORD" "key" "bootstrap-admin-password") }}
{{- range $i, $client := include "agora.clients" $root | fromYamlArray }}
{{ include "agora.secretEnv" (dict "root" $root "name" (printf "AGORA_AUTH_CLIENTS_%d_SECRETSHA256" $i) "key" (printf "client-secret-sha256-%s" $client)) }}
{{- end }}
{{- end }}
{{- if and $svc.smtp $root.Values.smtp.host }}
{{ include "agora.secretEnv" (dict "root" $root "name" "SPRING_MAIL_USERNAME" "key" "smtp-username") }}
{{ include "agora.secretEnv" (dict "root" $root "name" "SPRING_MAIL_PASSWORD" "key" "smtp-password") }}
{{- end }}
{{- end -}}

{{- define "agora.service.volumes" -}}
{{- if include "agora.service.usesDatastoreCa" . }}
- name: datastore-ca
  configMap:
    name: {{ .root.Values.datastoreCa.configMap }}
    items:
      - key: {{ .root.Values.datastoreCa.key }}
        path: {{ .root.Values.datastoreCa.key }}
{{- end }}
{{- if eq .component "user-svc" }}
- name: signing-key
  secret:
    secretName: {{ include "agora.secretName" .root }}
    # Readable by the pod's group (fsGroup), which the non-root user belongs to.
    defaultMode: 0440
    items:
      - key: jwt-signing-key.pem
        path: jwt-signing-key.pem
{{- end }}
{{- end -}}

{{- define "agora.service.volumeMounts" -}}
{{- if include "agora.service.usesDatastoreCa" . }}
- name: datastore-ca
  mountPath: {{ include "agora.datastoreCa.dir" .root }}
  readOnly: true
{{- end }}
{{- if eq .component "user-svc" }}
- name: signing-key
  mountPath: /etc/agora/signing-key
  readOnly: true
{{- end }}
{{- end -}}

{{/* Whether this service talks to an external datastore that the CA bundle vouches for. */}}
{{- define "agora.service.usesDatastoreCa" -}}
{{- if or (and .svc.postgres (include "agora.datastoreCa.postgres" .root)) (and .svc.mongodb (include "agora.datastoreCa.mongodb" .root)) }}true{{ end -}}
{{- end -}}

{{/*
Who may connect: the gateway from the ALB, every service from its callers, Prometheus everywhere.
Ports by number, as in the egress rules: a named port is resolved per destination pod, and some
CNI plugins' policy engines do not resolve names at all.
*/}}
{{- define "agora.service.ingress" -}}
{{- $root := .root -}}
{{- if eq .component "gateway" }}
- from:
  {{- range $root.Values.networkPolicy.albCidrs }}
    - ipBlock:
        cidr: {{ . }}
  {{- end }}
  ports:
    - port: 8080
      protocol: TCP
{{- end }}
{{- $callers := include "agora.callers" . | fromYamlArray }}
{{- if $callers }}
- from:
  {{- range $callers }}
    - {{- include "agora-lib.networkpolicy.podPeer" (dict "root" $root "component" .) | nindent 6 }}
  {{- end }}
  ports:
    - port: 8080
      protocol: TCP
{{- end }}
{{ include "agora.prometheusIngress" $root }}
{{- end -}}

{{- define "agora.prometheusIngress" -}}
- from:
    - namespaceSelector:
        matchLabels:
          kubernetes.io/metadata.name: {{ .Values.networkPolicy.prometheusNamespace }}
      podSelector:
        matchLabels: {{- toYaml .Values.networkPolicy.prometheusPodLabels | nindent 10 }}
  ports:
    - port: 8080
      protocol: TCP
{{- end -}}

{{- define "agora.dnsEgress" -}}
- to:
    - namespaceSelector:
        matchLabels:
          kubernetes.io/metadata.name: kube-system
      podSelector:
        matchLabels:
          k8s-app: kube-dns
  ports:
    - port: 53
      protocol: UDP
    - port: 53
      protocol: TCP
{{- end -}}

{{/* Egress to a datastore: its pods in the cluster, or the CIDRs of the external one. Takes root, enabled, component, cidrs, port and what. */}}
{{- define "agora.datastoreEgress" -}}
- to:
  {{- if .enabled }}
    - {{- include "agora-lib.networkpolicy.podPeer" (dict "root" .root "component" (include "agora-lib.names.component" (dict "root" .root "component" .component))) | nindent 6 }}
  {{- else }}
  {{- if not .cidrs }}
  {{- fail (printf "%s.cidrs: list the CIDRs the services reach the external %s at (0.0.0.0/0 allows any)" .what .component) }}
  {{- end }}
  {{- range .cidrs }}
    - ipBlock:
        cidr: {{ . }}
  {{- end }}
  {{- end }}
  ports:
    - port: {{ .port }}
      protocol: TCP
{{- end -}}

{{/* Where a service may connect: DNS, its datastores, the event bus, the services it calls, SMTP. */}}
{{- define "agora.service.egress" -}}
{{- $root := .root -}}
{{- $v := $root.Values -}}
{{ include "agora.dnsEgress" $root }}
{{- if .svc.postgres }}
{{ include "agora.datastoreEgress" (dict "root" $root "enabled" $v.postgresql.enabled "component" "postgresql" "cidrs" $v.externalPostgresql.cidrs "port" (include "agora.postgres.port" $root) "what" "externalPostgresql") }}
{{- end }}
{{- if .svc.mongodb }}
{{ include "agora.datastoreEgress" (dict "root" $root "enabled" $v.mongodb.enabled "component" "mongodb" "cidrs" $v.externalMongodb.cidrs "port" 27017 "what" "externalMongodb") }}
{{- end }}
{{- if .svc.redis }}
{{ include "agora.datastoreEgress" (dict "root" $root "enabled" $v.redis.enabled "component" "redis" "cidrs" $v.externalRedis.cidrs "port" (include "agora.redis.port" $root) "what" "externalRedis") }}
{{- end }}
{{- if .svc.calls }}
- to:
  {{- range .svc.calls }}
    - {{- include "agora-lib.networkpolicy.podPeer" (dict "root" $root "component" .) | nindent 6 }}
  {{- end }}
  ports:
    - port: 8080
      protocol: TCP
{{- end }}
{{- with $v.tracing.otlp.endpoint }}
{{- $url := urlParse . }}
{{- $port := regexFind ":[0-9]+$" $url.host | trimPrefix ":" | default (ternary "443" "80" (eq $url.scheme "https")) }}
- to:
    - namespaceSelector:
        matchLabels:
          kubernetes.io/metadata.name: {{ $v.tracing.otlp.namespace }}
      podSelector:
        matchLabels: {{- toYaml $v.tracing.otlp.podLabels | nindent 10 }}
  ports:
    - port: {{ $port }}
      protocol: TCP
{{- end }}
{{- if and .svc.smtp $v.smtp.host }}
- to:
  {{- range $v.smtp.cidrs }}
    - ipBlock:
        cidr: {{ . }}
  {{- end }}
  ports:
    - port: {{ $v.smtp.port }}
      protocol: TCP
{{- end }}
{{- if and (eq .component "product-svc") (eq $v.media.store "s3") }}
- to:
  {{- range $v.media.cidrs }}
    - ipBlock:
        cidr: {{ . }}
  {{- end }}
  ports:
    - port: 443
      protocol: TCP
{{- end }}
{{- end -}}
