{{/*
Names, in the style of bitnami's common chart. Every helper takes the root context unless it says
otherwise; "component" helpers take a dict with "root" and "component".
*/}}

{{/* The chart name, or nameOverride. */}}
{{- define "agora-lib.names.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* The release-qualified name: fullnameOverride, else <release>-<chart> unless the release already contains the chart name. */}}
{{- define "agora-lib.names.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* chart-version, for the helm.sh/chart label. */}}
{{- define "agora-lib.names.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* A release-qualified component name (datastores, jobs): <fullname>-<component>. Takes root and component. */}}
{{- define "agora-lib.names.component" -}}
{{- printf "%s-%s" (include "agora-lib.names.fullname" .root) .component | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* The namespace of the release. */}}
{{- define "agora-lib.names.namespace" -}}
{{- .Release.Namespace -}}
{{- end -}}
