package htmlform_test

import (
	"encoding/json"
	"errors"
	"flag"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/motcua/motcua/forms"
	"github.com/motcua/motcua/forms/htmlform"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := "testdata/" + name
	if *update {
		require.NoError(t, os.WriteFile(path, []byte(got), 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run go test -update to write %s", path)
	assert.Equal(t, string(want), got, "the page differs from %s (go test -update rewrites it; review the diff)", path)
}

func TestRenderGolden(t *testing.T) {
	r := allTypes(t, htmlform.Options{})
	tests := []struct {
		name, lang, file string
	}{
		{"Vietnamese", "vi", "all-types.vi.html"},
		{"English", "en", "all-types.en.html"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			html := render(t, r, htmlform.View{Lang: tc.lang, Action: "/nop", Hidden: map[string]string{"csrf": "tok"}, Script: "/static/htmlform.js"})
			checkAccessible(t, html)
			golden(t, tc.file, html)
		})
	}
}

func TestRenderControls(t *testing.T) {
	units, err := forms.ReadAdminUnits(strings.NewReader(`[{"Code": "01", "FullName": "Thành phố Hà Nội", "Wards": [{"Code": "00004", "FullName": "Phường Ba Đình"}]}]`))
	require.NoError(t, err)
	r := allTypes(t, htmlform.Options{AdminUnits: units})
	html := render(t, r, htmlform.View{Action: "/nop"})
	checkAccessible(t, html)
	tests := []struct {
		name string
		want []string
	}{
		{"text with its hint bound", []string{`<label class="govuk-label" for="f-name">Họ và tên</label>`, `id="f-name-hint">Như trên CCCD</div>`, `name="name" type="text" value="" spellcheck="false" aria-describedby="f-name-hint">`}},
		{"long text is a textarea, optional marked", []string{`for="f-story">Trình bày (không bắt buộc)</label>`, `<textarea class="govuk-textarea" id="f-story" name="story" rows="5">`}},
		{"integer: text with a numeric keyboard", []string{`id="f-children" name="children" type="text" value="" inputmode="numeric"`}},
		{"decimal keyboard", []string{`id="f-area" name="area" type="text" value="" inputmode="decimal"`}},
		{"money hint", []string{`id="f-price-hint">Số tiền bằng đồng, ví dụ 1.000.000</div>`}},
		{"date as dd/mm/yyyy", []string{`id="f-born-hint">Ngày/tháng/năm, ví dụ 15/03/1985</div>`}},
		{"bool as yes/no radios in a fieldset", []string{`<legend class="govuk-fieldset__legend">Đã kết hôn</legend>`, `id="f-married" name="married" type="radio" value="true"><label class="govuk-label govuk-radios__label" for="f-married">Có</label>`, `id="f-married-2" name="married" type="radio" value="false"><label class="govuk-label govuk-radios__label" for="f-married-2">Không</label>`}},
		{"few choices: radios", []string{`id="f-sex-2" name="sex" type="radio" value="nu"`}},
		{"many choices: a select", []string{`<select class="govuk-select" id="f-ethnic" name="ethnic">`, `<option value="">Chọn</option>`, `<option value="hmong">H&#39;Mông</option>`}},
		{"multichoice: checkboxes", []string{`id="f-langs-3" name="langs" type="checkbox" value="zh"`}},
		{"email", []string{`name="email" type="email" value="" autocomplete="email"`}},
		{"phone", []string{`name="phone" type="tel" value="" autocomplete="tel"`}},
		{"citizen ID", []string{`name="cccd" type="text" value="" inputmode="numeric" autocomplete="off"`}},
		{"admin unit with its datalist", []string{`name="province" type="text" value="" inputmode="numeric" list="htmlform-admin-units"`, `<option value="01">01 — Thành phố Hà Nội</option>`, `<option value="00004">00004 — Phường Ba Đình</option>`}},
		{"file with accepted types, size and count", []string{`name="scans" type="file" accept="application/pdf,image/*" multiple`, `id="f-scans-hint">Loại tệp: PDF, ảnh. Tối đa 1 MB mỗi tệp. Tối đa 2 tệp.</div>`}},
		{"group as a fieldset", []string{`<fieldset class="govuk-fieldset" id="f-address" tabindex="-1">`, `<legend class="govuk-fieldset__legend govuk-fieldset__legend--m">Địa chỉ</legend>`, `name="address.street"`}},
		{"repeat: rows as fieldsets, its count, add button", []string{`name="_rows.heirs" value="1"`, `<legend class="govuk-fieldset__legend govuk-fieldset__legend--s">Người thừa kế — Dòng 1</legend>`, `name="heirs[0].name"`, `name="_action" value="add:heirs">Thêm dòng</button>`}},
		{"conditional fields hidden until their condition holds", []string{`data-htmlform-conditional data-htmlform-path="spouse" hidden>`, `data-htmlform-path="heirs" hidden>`, `data-htmlform-path="address.country" hidden>`}},
		{"the no-script refresh button", []string{`name="_action" value="refresh" data-htmlform-refresh>Cập nhật câu hỏi theo câu trả lời</button>`}},
		{"a default submit first, so Enter never removes a row", []string{"novalidate data-htmlform lang=\"vi\">\n<button type=\"submit\" name=\"_action\" value=\"submit\" hidden"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			for _, w := range tc.want {
				assert.Contains(t, html, w)
			}
		})
	}
	assert.NotContains(t, html, "govuk-error-summary", "no summary without errors")
	assert.NotContains(t, html, "<script", "no script unless asked for")
}

// wrong is an answer to testdata/all-types.json with mistakes.
func wrong() []pair {
	return []pair{
		{"name", "Nguyễn Văn An"}, {"children", "ba"}, {"born", "31/02/1985"}, {"married", "true"},
		{"sex", "nam"}, {"phone", "0123"}, {"cccd", "001085012345"}, {"province", "01"},
		{"address.street", "Số 1"}, {"_rows.heirs", "2"}, {"heirs[0].name", "Bé"}, {"heirs[1].minor", "true"},
	}
}

func TestRenderErrors(t *testing.T) {
	r := allTypes(t, htmlform.Options{})
	s, err := r.Parse(post(t, wrong()), htmlform.ParseOptions{})
	require.NoError(t, err)
	var verrs forms.ValidationErrors
	require.ErrorAs(t, r.Form().Validate(t.Context(), s.Data), &verrs)
	paths := map[string]bool{}
	for _, fe := range verrs {
		paths[fe.Path] = true
	}
	for _, p := range []string{"children", "born", "spouse", "phone", "scans", "heirs[1].name", "heirs[1].guardian"} {
		require.True(t, paths[p], "Validate reports %s: %v", p, verrs)
	}
	html := render(t, r, htmlform.View{Action: "/nop", Submission: s, Errors: verrs})
	checkAccessible(t, html)
	golden(t, "errors.vi.html", html)

	summary := html[strings.Index(html, `<div class="govuk-error-summary"`):strings.Index(html, `</ul></div>`)]
	assert.Contains(t, summary, `role="alert"`)
	assert.Contains(t, summary, `<h2 class="govuk-error-summary__title" id="htmlform-error-title">Có lỗi cần sửa</h2>`)
	assert.Equal(t, len(verrs), strings.Count(summary, "<li>"), "one summary line per problem")
	tests := []struct {
		name, id, message string
	}{
		{"a value of the wrong type", "f-children", "Số con phải là"},
		{"an impossible date", "f-born", "Ngày sinh phải là ngày hợp lệ dạng dd/mm/yyyy"},
		{"a field its condition made required", "f-spouse", "Họ tên vợ/chồng là bắt buộc trong trường hợp này"},
		{"a phone number", "f-phone", "Điện thoại không phải số điện thoại Việt Nam hợp lệ"},
		{"a missing file", "f-scans", "Bản chụp CCCD là bắt buộc"},
		{"a row's field, named with its row in the summary", "f-heirs-1-name", "Người thừa kế, dòng 2: Họ tên người thừa kế là bắt buộc"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			link := regexp.MustCompile(`<a href="#` + tc.id + `">([^<]*)</a>`).FindStringSubmatch(summary)
			require.NotNil(t, link, "the summary links to #%s", tc.id)
			assert.Contains(t, link[1], tc.message)
			// Next to the field: the message, bound to the control.
			control := regexp.MustCompile(`<(input|textarea)[^>]*id="` + tc.id + `"[^>]*>`).FindString(html)
			require.NotEmpty(t, control)
			a := attrs(control)
			assert.Equal(t, "true", a["aria-invalid"])
			assert.Contains(t, strings.Fields(a["aria-describedby"]), tc.id+"-error")
			assert.Regexp(t, `<p class="govuk-error-message" id="`+tc.id+`-error"><span class="govuk-visually-hidden">Lỗi:</span> [^<]+</p>`, html)
		})
	}
	t.Run("earlier answers are shown as typed", func(t *testing.T) {
		assert.Contains(t, html, `name="children" type="text" value="ba"`)
		assert.Contains(t, html, `name="born" type="text" value="31/02/1985"`)
		assert.Contains(t, html, `id="f-married" name="married" type="radio" value="true" checked`)
		assert.Contains(t, html, `name="heirs[0].name" type="text" value="Bé"`)
		assert.Contains(t, html, `data-htmlform-path="spouse">`, "the married's spouse is shown")
		assert.Contains(t, html, `data-htmlform-path="heirs[1].guardian">`, "the minor's guardian is shown")
		assert.Contains(t, html, `data-htmlform-path="heirs[0].guardian" hidden>`)
	})
	t.Run("English", func(t *testing.T) {
		en := render(t, r, htmlform.View{Lang: "en", Action: "/nop", Submission: s, Errors: verrs})
		assert.Contains(t, en, `>There is a problem</h2>`)
		assert.Contains(t, en, `<a href="#f-heirs-1-name">Heirs, row 2: Heir&#39;s name is required</a>`)
		assert.Contains(t, en, `<span class="govuk-visually-hidden">Error:</span>`)
	})
}

func TestRenderKeptFiles(t *testing.T) {
	r := allTypes(t, htmlform.Options{})
	st := htmlform.Stored{File: forms.File{Name: "mặt trước.pdf", MediaType: "application/pdf", Size: 2 << 20}, SHA256: strings.Repeat("0f", 32)}
	s, err := r.Parse(post(t, []pair{{"_kept.scans", st.SHA256}}), htmlform.ParseOptions{Kept: func(string) (htmlform.Stored, bool) { return st, true }})
	require.NoError(t, err)
	html := render(t, r, htmlform.View{Submission: s})
	checkAccessible(t, html)
	assert.Contains(t, html, `<legend class="govuk-fieldset__legend">Tệp đã tải lên (bỏ chọn để gỡ bỏ)</legend>`)
	assert.Contains(t, html, `id="f-scans-kept-0" name="_kept.scans" type="checkbox" value="`+st.SHA256+`" checked><label class="govuk-label govuk-checkboxes__label" for="f-scans-kept-0">mặt trước.pdf (2 MB)</label>`)
}

func TestLoad(t *testing.T) {
	r := allTypes(t, htmlform.Options{})
	var data map[string]any
	require.NoError(t, json.Unmarshal([]byte(`{"name": "An", "children": 2, "married": true, "langs": ["fr"],
		"address": {"street": "Số 1"}, "heirs": [{"name": "A"}, {"name": "B", "minor": true, "guardian": "G"}]}`), &data))
	data["scans"] = []any{htmlform.Stored{File: forms.File{Name: "a.pdf", MediaType: "application/pdf", Size: 10}, SHA256: strings.Repeat("aa", 32)}}
	s, err := r.Load(t.Context(), data)
	require.NoError(t, err)
	html := render(t, r, htmlform.View{Submission: s})
	for _, w := range []string{
		`name="name" type="text" value="An"`, `name="children" type="text" value="2"`,
		`id="f-married" name="married" type="radio" value="true" checked`, `name="langs" type="checkbox" value="fr" checked`,
		`name="address.street" type="text" value="Số 1"`, `name="_rows.heirs" value="2"`, `name="heirs[1].guardian" type="text" value="G"`,
		`name="_kept.scans" type="checkbox" value="` + strings.Repeat("aa", 32) + `" checked`,
	} {
		assert.Contains(t, html, w)
	}
	assert.Equal(t, "G", s.Data["heirs"].([]any)[1].(map[string]any)["guardian"])
}

func TestScript(t *testing.T) {
	js := htmlform.Script()
	for _, w := range []string{`"_action", "visibility"`, "data-htmlform-conditional", "data-htmlform-path", "data-htmlform-refresh"} {
		assert.Contains(t, js, w)
	}
	html := render(t, sample(t), htmlform.View{Script: "/s.js"})
	assert.Contains(t, html, `<script src="/s.js" defer></script>`)
}

func TestRenderContext(t *testing.T) {
	ctx, cancel := contextWithCancel(t)
	cancel()
	err := sample(t).Render(ctx, &strings.Builder{}, htmlform.View{})
	require.True(t, errors.Is(err, ctx.Err()))
}
