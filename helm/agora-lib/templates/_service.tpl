{{/* The ClusterIP Service of a component on port 8080 (http). Takes root and component. */}}
{{- define "agora-lib.service" -}}
apiVersion: v1
kind: Service
metadata:
  name: {{ .component }}
  namespace: {{ .root.Release.Namespace }}
  labels: {{- include "agora-lib.labels.standard" . | nindent 4 }}
spec:
  type: ClusterIP
  selector: {{- include "agora-lib.labels.matchLabels" . | nindent 4 }}
  ports:
    - name: http
      port: 8080
      targetPort: http
      protocol: TCP
{{- end -}}

{{/* A ServiceAccount whose token is not mounted: no Agora service talks to the Kubernetes API. Takes root,
component and optional annotations (IRSA's role, which AWS's webhook projects a token of its own for). */}}
{{- define "agora-lib.serviceaccount" -}}
apiVersion: v1
kind: ServiceAccount
metadata:
  name: {{ .component }}
  namespace: {{ .root.Release.Namespace }}
  labels: {{- include "agora-lib.labels.standard" . | nindent 4 }}
  {{- with .annotations }}
  annotations: {{- toYaml . | nindent 4 }}
  {{- end }}
automountServiceAccountToken: false
{{- end -}}
