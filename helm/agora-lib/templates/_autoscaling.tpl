{{/*
HorizontalPodAutoscaler on CPU, plus any extra metrics (e.g. a Pods metric served by
prometheus-adapter). Takes root, component and svc; renders nothing unless svc.autoscaling.enabled.
*/}}
{{- define "agora-lib.hpa" -}}
{{- $as := .svc.autoscaling -}}
{{- if $as.enabled -}}
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: {{ .component }}
  namespace: {{ .root.Release.Namespace }}
  labels: {{- include "agora-lib.labels.standard" . | nindent 4 }}
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: {{ .component }}
  minReplicas: {{ $as.minReplicas }}
  maxReplicas: {{ $as.maxReplicas }}
  metrics:
    - type: Resource
      resource:
        name: cpu
        target:
          type: Utilization
          averageUtilization: {{ $as.targetCPUUtilizationPercentage }}
    {{- with $as.extraMetrics }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
  behavior:
    scaleDown:
      # JVMs take a while to warm up: do not give back capacity on a short dip.
      stabilizationWindowSeconds: 300
{{- end -}}
{{- end -}}

{{/* PodDisruptionBudget: voluntary evictions take at most maxUnavailable pods at a time. Takes root, component and svc. */}}
{{- define "agora-lib.pdb" -}}
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: {{ .component }}
  namespace: {{ .root.Release.Namespace }}
  labels: {{- include "agora-lib.labels.standard" . | nindent 4 }}
spec:
  maxUnavailable: {{ .svc.pdb.maxUnavailable }}
  unhealthyPodEvictionPolicy: AlwaysAllow
  selector:
    matchLabels: {{- include "agora-lib.labels.matchLabels" . | nindent 6 }}
{{- end -}}
