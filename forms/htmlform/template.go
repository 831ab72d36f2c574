package htmlform

// pageTemplate is the form's HTML. Class names are the GOV.UK Design
// System's, so its stylesheet (or a portal's own) styles the page; the
// structure alone is accessible without any style.
const pageTemplate = `{{define "form" -}}
<form method="post" action="{{.Action}}" enctype="multipart/form-data" novalidate data-htmlform lang="{{.Lang}}">
<button type="submit" name="_action" value="submit" hidden tabindex="-1" aria-hidden="true"></button>
{{- range .Hidden}}
<input type="hidden" name="{{.Name}}" value="{{.Value}}">
{{- end}}
{{- if .Summary}}
<div class="govuk-error-summary" role="alert" tabindex="-1" autofocus aria-labelledby="htmlform-error-title" data-htmlform-summary>
<h2 class="govuk-error-summary__title" id="htmlform-error-title">{{.SummaryTitle}}</h2>
<div class="govuk-error-summary__body"><ul class="govuk-list govuk-error-summary__list">
{{- range .Summary}}
<li>{{if .Href}}<a href="{{.Href}}">{{.Text}}</a>{{else}}{{.Text}}{{end}}</li>
{{- end}}
</ul></div>
</div>
{{- end}}
{{- if .Units}}
<datalist id="htmlform-admin-units">
{{- range .Units}}<option value="{{.Value}}">{{.Label}}</option>{{end}}
</datalist>
{{- end}}
{{- range .Fields}}{{template "field" .}}{{end}}
<div class="govuk-button-group">
<button type="submit" class="govuk-button" name="_action" value="submit" data-module="govuk-button">{{.Submit}}</button>
{{- if .Conditional}}
<button type="submit" class="govuk-button govuk-button--secondary" name="_action" value="refresh" data-htmlform-refresh>{{.Refresh}}</button>
{{- end}}
</div>
</form>
{{- if .Script}}
<script src="{{.Script}}" defer></script>
{{- end}}
{{end}}

{{- define "hint"}}{{if .Hint}}
<div class="govuk-hint" id="{{.ID}}-hint">{{.Hint}}</div>{{end}}{{end}}

{{- define "errors"}}{{range .Errors}}
<p class="govuk-error-message" id="{{.ID}}"><span class="govuk-visually-hidden">{{$.ErrPrefix}}</span> {{.Text}}</p>{{end}}{{end}}

{{- define "field"}}
<div class="govuk-form-group{{if .Errors}} govuk-form-group--error{{end}}"{{if .Conditional}} data-htmlform-conditional data-htmlform-path="{{.Path}}"{{end}}{{if .Hidden}} hidden{{end}}>
{{- if eq .Kind "input" "textarea"}}
<label class="govuk-label" for="{{.ID}}">{{.Label}}</label>
{{- template "hint" .}}{{template "errors" .}}
{{- if eq .Kind "textarea"}}
<textarea class="govuk-textarea{{if .Errors}} govuk-textarea--error{{end}}" id="{{.ID}}" name="{{.Name}}" rows="5"{{if .DescribedBy}} aria-describedby="{{.DescribedBy}}"{{end}}{{if .Errors}} aria-invalid="true"{{end}}>{{.Value}}</textarea>
{{- else}}
<input class="govuk-input{{if .Errors}} govuk-input--error{{end}}" id="{{.ID}}" name="{{.Name}}" type="{{.Type}}" value="{{.Value}}"{{if .InputMode}} inputmode="{{.InputMode}}"{{end}}{{if .Auto}} autocomplete="{{.Auto}}"{{end}}{{if .List}} list="htmlform-admin-units"{{end}} spellcheck="false"{{if .DescribedBy}} aria-describedby="{{.DescribedBy}}"{{end}}{{if .Errors}} aria-invalid="true"{{end}}>
{{- end}}
{{- else if eq .Kind "select"}}
<label class="govuk-label" for="{{.ID}}">{{.Label}}</label>
{{- template "hint" .}}{{template "errors" .}}
<select class="govuk-select{{if .Errors}} govuk-select--error{{end}}" id="{{.ID}}" name="{{.Name}}"{{if .DescribedBy}} aria-describedby="{{.DescribedBy}}"{{end}}{{if .Errors}} aria-invalid="true"{{end}}>
{{- range .Options}}
<option value="{{.Value}}"{{if .Checked}} selected{{end}}>{{.Label}}</option>
{{- end}}
</select>
{{- else if eq .Kind "radios" "checkboxes"}}
<fieldset class="govuk-fieldset"{{if .DescribedBy}} aria-describedby="{{.DescribedBy}}"{{end}}>
<legend class="govuk-fieldset__legend">{{.Label}}</legend>
{{- template "hint" .}}{{template "errors" .}}
<div class="govuk-{{.Kind}}">
{{- $type := "radio"}}{{if eq .Kind "checkboxes"}}{{$type = "checkbox"}}{{end}}
{{- range .Options}}
<div class="govuk-{{$.Kind}}__item"><input class="govuk-{{$.Kind}}__input" id="{{.ID}}" name="{{$.Name}}" type="{{$type}}" value="{{.Value}}"{{if .Checked}} checked{{end}}{{if $.Errors}} aria-invalid="true"{{end}}><label class="govuk-label govuk-{{$.Kind}}__label" for="{{.ID}}">{{.Label}}</label></div>
{{- end}}
</div>
</fieldset>
{{- else if eq .Kind "file"}}
<label class="govuk-label" for="{{.ID}}">{{.Label}}</label>
{{- template "hint" .}}{{template "errors" .}}
{{- if .Kept}}
<fieldset class="govuk-fieldset htmlform-kept">
<legend class="govuk-fieldset__legend">{{.KeptLabel}}</legend>
<div class="govuk-checkboxes">
{{- range .Kept}}
<div class="govuk-checkboxes__item"><input class="govuk-checkboxes__input" id="{{.ID}}" name="{{$.KeptName}}" type="checkbox" value="{{.Value}}" checked><label class="govuk-label govuk-checkboxes__label" for="{{.ID}}">{{.Label}}</label></div>
{{- end}}
</div>
</fieldset>
{{- end}}
<input class="govuk-file-upload{{if .Errors}} govuk-file-upload--error{{end}}" id="{{.ID}}" name="{{.Name}}" type="file"{{if .Accept}} accept="{{.Accept}}"{{end}}{{if .Multiple}} multiple{{end}}{{if .DescribedBy}} aria-describedby="{{.DescribedBy}}"{{end}}{{if .Errors}} aria-invalid="true"{{end}}>
{{- else if eq .Kind "group"}}
<fieldset class="govuk-fieldset" id="{{.ID}}" tabindex="-1"{{if .DescribedBy}} aria-describedby="{{.DescribedBy}}"{{end}}>
<legend class="govuk-fieldset__legend govuk-fieldset__legend--m">{{.Label}}</legend>
{{- template "hint" .}}{{template "errors" .}}
{{- range .Children}}{{template "field" .}}{{end}}
</fieldset>
{{- else if eq .Kind "repeat"}}
<fieldset class="govuk-fieldset" id="{{.ID}}" tabindex="-1"{{if .DescribedBy}} aria-describedby="{{.DescribedBy}}"{{end}}>
<legend class="govuk-fieldset__legend govuk-fieldset__legend--m">{{.Label}}</legend>
{{- template "hint" .}}{{template "errors" .}}
<input type="hidden" name="{{.RowsName}}" value="{{.RowCount}}">
{{- range .Rows}}
<fieldset class="govuk-fieldset htmlform-row" id="{{.ID}}">
<legend class="govuk-fieldset__legend govuk-fieldset__legend--s">{{.Legend}}</legend>
{{- range .Fields}}{{template "field" .}}{{end}}
{{- if .Remove}}
<button type="submit" class="govuk-button govuk-button--warning" name="_action" value="{{.Remove}}">{{.RemoveLabel}}</button>
{{- end}}
</fieldset>
{{- end}}
{{- if .Add}}
<button type="submit" class="govuk-button govuk-button--secondary" name="_action" value="{{.Add}}">{{.AddLabel}}</button>
{{- end}}
</fieldset>
{{- end}}
</div>
{{- end}}`
