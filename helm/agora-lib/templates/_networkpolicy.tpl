{{/*
A NetworkPolicy for the pods of one component, ingress and egress both restricted. Takes root,
component, ingress (list of rules) and egress (list of rules); an empty list allows nothing.
*/}}
{{- define "agora-lib.networkpolicy" -}}
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: {{ .component }}
  namespace: {{ .root.Release.Namespace }}
  labels: {{- include "agora-lib.labels.standard" . | nindent 4 }}
spec:
  podSelector:
    matchLabels: {{- include "agora-lib.labels.matchLabels" . | nindent 6 }}
  policyTypes:
    - Ingress
    - Egress
  ingress: {{- if .ingress }}{{ toYaml .ingress | nindent 4 }}{{ else }} []{{ end }}
  egress: {{- if .egress }}{{ toYaml .egress | nindent 4 }}{{ else }} []{{ end }}
{{- end -}}

{{/* An ingress or egress peer: the pods of a component of this release. Takes root and component. */}}
{{- define "agora-lib.networkpolicy.podPeer" -}}
podSelector:
  matchLabels: {{- include "agora-lib.labels.matchLabels" . | nindent 4 }}
{{- end -}}
