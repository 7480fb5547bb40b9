{{/* Recommended labels of a component. Takes root and component. */}}
{{- define "agora-lib.labels.standard" -}}
app.kubernetes.io/name: {{ .component }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/part-of: agora
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
helm.sh/chart: {{ include "agora-lib.names.chart" .root }}
{{- end -}}

{{/* The immutable subset that selectors use. Takes root and component. */}}
{{- define "agora-lib.labels.matchLabels" -}}
app.kubernetes.io/name: {{ .component }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
{{- end -}}
