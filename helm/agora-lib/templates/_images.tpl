{{/*
An image reference from {registry, repository, tag, digest}. The tag defaults to the chart's
appVersion; "latest" and empty tags fail the render, because a moving tag makes a rollout
unrepeatable. Takes root, component and image.
*/}}
{{- define "agora-lib.images.image" -}}
{{- $tag := .image.tag | default .root.Chart.AppVersion | toString -}}
{{- if or (eq $tag "latest") (eq $tag "") -}}
{{- fail (printf "image of %s: tag %q is not allowed; use a release version or a git sha" .component $tag) -}}
{{- end -}}
{{- $registry := .image.registry | default "" -}}
{{- $repository := ternary .image.repository (printf "%s/%s" $registry .image.repository) (empty $registry) -}}
{{- if .image.digest -}}
{{- printf "%s@%s" $repository .image.digest -}}
{{- else -}}
{{- printf "%s:%s" $repository $tag -}}
{{- end -}}
{{- end -}}

{{/* imagePullSecrets from a list of names. Takes the list. */}}
{{- define "agora-lib.images.pullSecrets" -}}
{{- if . }}
imagePullSecrets:
{{- range . }}
  - name: {{ . }}
{{- end }}
{{- end }}
{{- end -}}
