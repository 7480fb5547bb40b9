{{/*
The Deployment of one Spring Boot service. Takes a dict:
  root          the root context
  component     the service name (user-svc)
  svc           its values, merged over serviceDefaults
  image         the image reference
  checksums     dict of name -> sha256 of config the pods read, so a change rolls them
  env           YAML list of env entries (secret references), may be empty
  volumes       YAML list of extra volumes, may be empty
  volumeMounts  YAML list of extra mounts, may be empty
The actuator shares the service port: probes go to the health groups Spring Boot exposes there.
*/}}
{{- define "agora-lib.deployment" -}}
{{- $svc := .svc -}}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ .component }}
  namespace: {{ .root.Release.Namespace }}
  labels: {{- include "agora-lib.labels.standard" . | nindent 4 }}
spec:
  {{- if not $svc.autoscaling.enabled }}
  replicas: {{ $svc.replicas }}
  {{- end }}
  revisionHistoryLimit: 5
  selector:
    matchLabels: {{- include "agora-lib.labels.matchLabels" . | nindent 6 }}
  strategy:
    type: RollingUpdate
    rollingUpdate:
      maxSurge: 25%
      maxUnavailable: 0
  template:
    metadata:
      labels: {{- include "agora-lib.labels.standard" . | nindent 8 }}
      annotations:
        {{- range $name, $sum := .checksums }}
        checksum/{{ $name }}: {{ $sum }}
        {{- end }}
        {{- with $svc.podAnnotations }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
    spec:
      serviceAccountName: {{ .component }}
      automountServiceAccountToken: false
      enableServiceLinks: false
      # The preStop sleep, then Spring's shutdown phase, then 10 s to spare before SIGKILL.
      terminationGracePeriodSeconds: {{ add $svc.preStopSleepSeconds $svc.shutdownPhaseSeconds 10 }}
      securityContext: {{- include "agora-lib.security.pod" $svc.runAsUser | nindent 8 }}
      {{- include "agora-lib.images.pullSecrets" .root.Values.image.pullSecrets | nindent 6 }}
      topologySpreadConstraints: {{- include "agora-lib.security.topologySpread" . | nindent 8 }}
      {{- with $svc.nodeSelector }}
      nodeSelector: {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with $svc.tolerations }}
      tolerations: {{- toYaml . | nindent 8 }}
      {{- end }}
      containers:
        - name: {{ .component }}
          image: {{ .image }}
          imagePullPolicy: {{ .root.Values.image.pullPolicy }}
          ports:
            - name: http
              containerPort: 8080
              protocol: TCP
          envFrom:
            - configMapRef:
                name: {{ .component }}
          {{- with .env }}
          env: {{- . | nindent 12 }}
          {{- end }}
          resources: {{- toYaml $svc.resources | nindent 12 }}
          securityContext: {{- include "agora-lib.security.container" $svc.runAsUser | nindent 12 }}
          startupProbe:
            httpGet:
              path: /actuator/health/liveness
              port: http
            periodSeconds: 5
            timeoutSeconds: 3
            failureThreshold: {{ $svc.probes.startupFailureThreshold }}
          livenessProbe:
            httpGet:
              path: /actuator/health/liveness
              port: http
            periodSeconds: 10
            timeoutSeconds: 3
            failureThreshold: 3
          readinessProbe:
            httpGet:
              path: /actuator/health/readiness
              port: http
            periodSeconds: 5
            timeoutSeconds: 3
            failureThreshold: 3
          lifecycle:
            # Endpoints and the ALB keep sending for a few seconds after the pod is marked terminating;
            # keep serving them before Spring's graceful shutdown starts.
            preStop:
              sleep:
                seconds: {{ $svc.preStopSleepSeconds }}
          volumeMounts:
            - name: tmp
              mountPath: /tmp
            {{- with .volumeMounts }}
            {{- . | nindent 12 }}
            {{- end }}
      volumes:
        # The root filesystem is read-only; Netty unpacks its native transport here.
        - name: tmp
          emptyDir:
            sizeLimit: {{ $svc.tmpSizeLimit }}
        {{- with .volumes }}
        {{- . | nindent 8 }}
        {{- end }}
{{- end -}}
