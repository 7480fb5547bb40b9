{{/*
An in-cluster datastore for dev and test: StatefulSet with a volume, headless Service, and a
NetworkPolicy that lets in only its clients. Takes a dict:
  root, component (postgresql), values (.Values.postgresql), port, env (YAML), args (list),
  dataPath, scratch (list of writable paths besides data and /tmp), probe (exec command list),
  clients (list of component names allowed in)
*/}}
{{- define "agora.datastore" -}}
{{- $name := include "agora-lib.names.component" (dict "root" .root "component" .component) -}}
{{- $ctx := dict "root" .root "component" $name -}}
{{- $uid := 999 -}}
apiVersion: v1
kind: Service
metadata:
  name: {{ $name }}
  namespace: {{ .root.Release.Namespace }}
  labels: {{- include "agora-lib.labels.standard" $ctx | nindent 4 }}
spec:
  clusterIP: None
  selector: {{- include "agora-lib.labels.matchLabels" $ctx | nindent 4 }}
  ports:
    - name: {{ .component }}
      port: {{ .port }}
      targetPort: {{ .port }}
      protocol: TCP
---
apiVersion: v1
kind: ServiceAccount
metadata:
  name: {{ $name }}
  namespace: {{ .root.Release.Namespace }}
  labels: {{- include "agora-lib.labels.standard" $ctx | nindent 4 }}
automountServiceAccountToken: false
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: {{ $name }}
  namespace: {{ .root.Release.Namespace }}
  labels: {{- include "agora-lib.labels.standard" $ctx | nindent 4 }}
spec:
  serviceName: {{ $name }}
  replicas: 1
  selector:
    matchLabels: {{- include "agora-lib.labels.matchLabels" $ctx | nindent 6 }}
  template:
    metadata:
      labels: {{- include "agora-lib.labels.standard" $ctx | nindent 8 }}
      annotations:
        checksum/secret: {{ include "agora.secretChecksum" .root }}
    spec:
      serviceAccountName: {{ $name }}
      automountServiceAccountToken: false
      enableServiceLinks: false
      terminationGracePeriodSeconds: 60
      securityContext: {{- include "agora-lib.security.pod" $uid | nindent 8 }}
      containers:
        - name: {{ .component }}
          image: {{ include "agora-lib.images.image" (dict "root" .root "component" .component "image" (dict "registry" .values.image.registry "repository" .values.image.repository "tag" .values.image.tag "digest" .values.image.digest)) }}
          imagePullPolicy: IfNotPresent
          {{- with .args }}
          args: {{- toYaml . | nindent 12 }}
          {{- end }}
          ports:
            - name: {{ .component }}
              containerPort: {{ .port }}
              protocol: TCP
          {{- with .env }}
          env: {{- . | nindent 12 }}
          {{- end }}
          resources: {{- toYaml .values.resources | nindent 12 }}
          securityContext: {{- include "agora-lib.security.container" $uid | nindent 12 }}
          startupProbe:
            exec:
              command: {{- toYaml .probe | nindent 16 }}
            periodSeconds: 5
            timeoutSeconds: 5
            failureThreshold: 60
          livenessProbe:
            tcpSocket:
              port: {{ .port }}
            periodSeconds: 10
            timeoutSeconds: 5
            failureThreshold: 6
          readinessProbe:
            exec:
              command: {{- toYaml .probe | nindent 16 }}
            periodSeconds: 10
            timeoutSeconds: 5
            failureThreshold: 3
          volumeMounts:
            - name: data
              mountPath: {{ .dataPath }}
            - name: tmp
              mountPath: /tmp
            {{- range $i, $path := .scratch }}
            - name: scratch-{{ $i }}
              mountPath: {{ $path }}
            {{- end }}
      volumes:
        - name: tmp
          emptyDir: {}
        {{- range $i, $path := .scratch }}
        - name: scratch-{{ $i }}
          emptyDir: {}
        {{- end }}
  volumeClaimTemplates:
    - metadata:
        name: data
        labels: {{- include "agora-lib.labels.matchLabels" $ctx | nindent 10 }}
      spec:
        accessModes:
          - ReadWriteOnce
        {{- with .values.storageClass }}
        storageClassName: {{ . }}
        {{- end }}
        resources:
          requests:
            storage: {{ .values.storageSize }}
---
{{- $root := .root }}
{{- $ingress := list }}
{{- if .clients }}
{{- $peers := list }}
{{- range .clients }}
{{- $peers = append $peers (include "agora-lib.networkpolicy.podPeer" (dict "root" $root "component" .) | fromYaml) }}
{{- end }}
{{- $ingress = list (dict "from" $peers "ports" (list (dict "port" .port "protocol" "TCP"))) }}
{{- end }}
{{ include "agora-lib.networkpolicy" (dict "root" .root "component" $name "ingress" $ingress "egress" list) }}
{{- end -}}

{{/* Components that connect to a datastore: services with the given values key set, and the DB-init job. Takes root and key. */}}
{{- define "agora.datastoreClients" -}}
{{- $key := .key -}}
{{- range $name, $svc := .root.Values.services }}
{{- if and $svc.enabled (index $svc $key) }}
- {{ $name }}
{{- end }}
{{- end }}
{{- if and .root.Values.dbInit.enabled (ne $key "redis") }}
- {{ include "agora-lib.names.component" (dict "root" .root "component" "db-init") }}
{{- end }}
{{- if and .root.Values.backup.enabled (ne $key "redis") }}
- {{ include "agora-lib.names.component" (dict "root" .root "component" "backup") }}
{{- end }}
{{- end -}}
