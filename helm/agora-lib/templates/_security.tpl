{{/*
Pod Security Standards "restricted", plus a read-only root filesystem. Takes the numeric user id.
*/}}
{{- define "agora-lib.security.pod" -}}
runAsNonRoot: true
runAsUser: {{ . }}
runAsGroup: {{ . }}
fsGroup: {{ . }}
fsGroupChangePolicy: OnRootMismatch
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{- define "agora-lib.security.container" -}}
runAsNonRoot: true
runAsUser: {{ . }}
runAsGroup: {{ . }}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
privileged: false
capabilities:
  drop:
    - ALL
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{/* Spread replicas over zones and then nodes; soft, so a small cluster still schedules. Takes root and component. */}}
{{- define "agora-lib.security.topologySpread" -}}
{{- $ctx := . -}}
{{- range list "topology.kubernetes.io/zone" "kubernetes.io/hostname" }}
- maxSkew: 1
  topologyKey: {{ . }}
  whenUnsatisfiable: ScheduleAnyway
  matchLabelKeys:
    - pod-template-hash
  labelSelector:
    matchLabels: {{- include "agora-lib.labels.matchLabels" $ctx | nindent 6 }}
{{- end }}
{{- end -}}
