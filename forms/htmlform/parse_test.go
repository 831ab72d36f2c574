package htmlform_test

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/motcua/motcua/forms"
	"github.com/motcua/motcua/forms/htmlform"
)

var pdf = []byte("%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n")

func sum(b []byte) string { s := sha256.Sum256(b); return hex.EncodeToString(s[:]) }

// good is a complete, valid answer to testdata/all-types.json.
func good() []pair {
	return []pair{
		{"name", "  Nguyễn Văn An "}, {"story", ""}, {"children", "2"}, {"area", "75,5"}, {"price", "1.500.000"},
		{"born", "5/3/1985"}, {"married", "true"}, {"spouse", "Trần Thị Bình"}, {"spouse_id", "001 185 012 345"},
		{"sex", "nam"}, {"langs", "en"}, {"langs", "fr"}, {"email", ""}, {"phone", "0912 345 678"},
		{"cccd", "001085012345"}, {"mst", ""}, {"province", "01"},
		{"address.street", "Số 1 Tràng Tiền"}, {"address.abroad", "false"}, {"address.country", "Pháp"},
		{"_rows.heirs", "1"}, {"heirs[0].name", "Nguyễn Văn Bé"}, {"heirs[0].minor", "true"}, {"heirs[0].guardian", "Nguyễn Văn An"},
	}
}

func TestParseData(t *testing.T) {
	r := allTypes(t, htmlform.Options{})
	s, err := r.Parse(post(t, good(), upload{"scans", "cccd.pdf", pdf}), htmlform.ParseOptions{})
	require.NoError(t, err)
	defer s.Close()
	want := map[string]any{
		"name": "Nguyễn Văn An", "children": json.Number("2"), "area": json.Number("75.5"), "price": json.Number("1500000"),
		"born": "05/03/1985", "married": true, "spouse": "Trần Thị Bình", "spouse_id": "001185012345",
		"sex": "nam", "langs": []any{"en", "fr"}, "phone": "0912345678", "cccd": "001085012345", "province": "01",
		"scans":   []any{forms.File{Name: "cccd.pdf", MediaType: "application/pdf", Size: int64(len(pdf))}},
		"address": map[string]any{"street": "Số 1 Tràng Tiền", "abroad": false}, // country is hidden: dropped
		"heirs":   []any{map[string]any{"name": "Nguyễn Văn Bé", "minor": true, "guardian": "Nguyễn Văn An"}},
	}
	assert.Equal(t, want, s.Data)
	assert.Equal(t, htmlform.Action{Kind: htmlform.ActionSubmit}, s.Action)
	require.NoError(t, r.Form().Validate(t.Context(), s.Data), "the parsed data validates")
	require.Len(t, s.Uploads, 1)
	u := s.Uploads[0]
	assert.Equal(t, "scans", u.Path)
	assert.Equal(t, sum(pdf), u.SHA256)
	rc, err := u.Open()
	require.NoError(t, err)
	rc.Close()
	assert.Equal(t, []string{"address.country"}, s.HiddenFields())
}

func TestConvert(t *testing.T) {
	r := allTypes(t, htmlform.Options{})
	tests := []struct {
		name, field, typed string
		want               any
	}{
		{"integer", "children", "3", json.Number("3")},
		{"integer with a sign", "children", "+3", json.Number("3")},
		{"integer not a number: passed on for Validate", "children", "ba", "ba"},
		{"integer with a decimal comma stays as typed", "children", "1,5", "1,5"},
		{"money with dots", "price", "1.000.000", json.Number("1000000")},
		{"money with spaces", "price", "1 000 000", json.Number("1000000")},
		{"money with commas", "price", "1,000,000", json.Number("1000000")},
		{"money badly grouped", "price", "10.00.000", "10.00.000"},
		{"decimal comma", "area", "12,25", json.Number("12.25")},
		{"decimal point", "area", "12.25", json.Number("12.25")},
		{"decimal word", "area", "mười", "mười"},
		{"date one digit", "born", "1/2/1990", "01/02/1990"},
		{"date dashes", "born", "01-02-1990", "01/02/1990"},
		{"date ISO kept", "born", "1990-02-01", "1990-02-01"},
		{"date nonsense", "born", "hôm qua", "hôm qua"},
		{"bool yes", "married", "true", true},
		{"bool no", "married", "false", false},
		{"bool other", "married", "có", "có"},
		{"citizen ID spaced", "cccd", "001 085 012 345", "001085012345"},
		{"blank is absent", "name", "   ", nil},
		{"text trimmed", "name", "  An  ", "An"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s, err := r.Parse(post(t, []pair{{tc.field, tc.typed}}), htmlform.ParseOptions{})
			require.NoError(t, err)
			got, ok := s.Data[tc.field]
			if tc.want == nil {
				assert.False(t, ok, "%v", got)
				return
			}
			assert.Equal(t, tc.want, got)
		})
	}
}

func TestParseActions(t *testing.T) {
	r := allTypes(t, htmlform.Options{})
	rows := []pair{{"married", "true"}, {"_rows.heirs", "3"},
		{"heirs[0].name", "A"}, {"heirs[1].name", "B"}, {"heirs[1].minor", "true"}, {"heirs[1].guardian", "G"}, {"heirs[2].name", "C"}}
	tests := []struct {
		name   string
		action string
		want   htmlform.Action
		heirs  []any
	}{
		{"no action is submit", "", htmlform.Action{Kind: htmlform.ActionSubmit}, []any{
			map[string]any{"name": "A"}, map[string]any{"name": "B", "minor": true, "guardian": "G"}, map[string]any{"name": "C"}}},
		{"refresh", "refresh", htmlform.Action{Kind: htmlform.ActionRefresh}, nil},
		{"remove the middle row: later rows move up", "remove:heirs[1]", htmlform.Action{Kind: htmlform.ActionRemove, Path: "heirs", Row: 1},
			[]any{map[string]any{"name": "A"}, map[string]any{"name": "C"}}},
		{"remove the first row", "remove:heirs[0]", htmlform.Action{Kind: htmlform.ActionRemove, Path: "heirs", Row: 0},
			[]any{map[string]any{"name": "B", "minor": true, "guardian": "G"}, map[string]any{"name": "C"}}},
		{"remove a row past the end changes nothing", "remove:heirs[7]", htmlform.Action{Kind: htmlform.ActionRemove, Path: "heirs", Row: 7}, nil},
		{"add at the maximum adds nothing", "add:heirs", htmlform.Action{Kind: htmlform.ActionAdd, Path: "heirs"}, nil},
		{"visibility", "visibility", htmlform.Action{Kind: htmlform.ActionVisibility}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			pairs := append([]pair{}, rows...)
			if tc.action != "" {
				pairs = append(pairs, pair{"_action", tc.action})
			}
			s, err := r.Parse(post(t, pairs), htmlform.ParseOptions{})
			require.NoError(t, err)
			assert.Equal(t, tc.want, s.Action)
			assert.Equal(t, tc.want.Kind == htmlform.ActionSubmit, s.Action.Final())
			heirs := tc.heirs
			if heirs == nil {
				heirs = []any{map[string]any{"name": "A"}, map[string]any{"name": "B", "minor": true, "guardian": "G"}, map[string]any{"name": "C"}}
			}
			assert.Equal(t, heirs, s.Data["heirs"])
		})
	}
	t.Run("add a row", func(t *testing.T) {
		s, err := r.Parse(post(t, []pair{{"married", "true"}, {"_rows.heirs", "1"}, {"heirs[0].name", "A"}, {"_action", "add:heirs"}}), htmlform.ParseOptions{})
		require.NoError(t, err)
		assert.Equal(t, []any{map[string]any{"name": "A"}, map[string]any{}}, s.Data["heirs"], "the new row is empty")
		html := render(t, r, htmlform.View{Submission: s})
		assert.Contains(t, html, `name="heirs[1].name"`)
		assert.Contains(t, html, `name="_rows.heirs" value="2"`)
	})
}

func TestParseVisibility(t *testing.T) {
	r := allTypes(t, htmlform.Options{})
	tests := []struct {
		name    string
		pairs   []pair
		hidden  []string
		absent  []string
		present []string
	}{
		// A field in a hidden repeat or group is hidden with it.
		{"nothing answered: every condition false", nil,
			[]string{"spouse", "spouse_id", "address.country", "heirs", "heirs[0].guardian"}, []string{"spouse", "heirs"}, nil},
		{"married: spouse and heirs shown, the heir's guardian hidden", []pair{{"married", "true"}},
			[]string{"spouse_id", "address.country", "heirs[0].guardian"}, nil, []string{"married"}},
		{"not married: answers of hidden fields are dropped, and what depends on them", []pair{{"married", "false"}, {"spouse", "B"}, {"spouse_id", "001185012345"}, {"heirs[0].name", "X"}},
			[]string{"spouse", "spouse_id", "address.country", "heirs", "heirs[0].guardian"}, []string{"spouse", "spouse_id", "heirs"}, []string{"married"}},
		{"a group's condition", []pair{{"address.abroad", "true"}, {"address.country", "Pháp"}},
			[]string{"spouse", "spouse_id", "heirs", "heirs[0].guardian"}, nil, []string{"address"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s, err := r.Parse(post(t, tc.pairs), htmlform.ParseOptions{})
			require.NoError(t, err)
			assert.Equal(t, tc.hidden, s.HiddenFields())
			for _, k := range tc.absent {
				assert.NotContains(t, s.Data, k)
			}
			for _, k := range tc.present {
				assert.Contains(t, s.Data, k)
			}
			var b strings.Builder
			require.NoError(t, s.WriteVisibility(&b))
			want, _ := json.Marshal(map[string][]string{"hidden": tc.hidden})
			assert.JSONEq(t, string(want), b.String())
		})
	}
}

func TestParseFiles(t *testing.T) {
	r := allTypes(t, htmlform.Options{})
	png := append([]byte("\x89PNG\r\n\x1a\n"), make([]byte, 64)...)
	store := map[string]htmlform.Stored{
		sum(png): {File: forms.File{Name: "mat-sau.png", MediaType: "image/png", Size: int64(len(png))}, SHA256: sum(png)},
	}
	kept := func(s string) (htmlform.Stored, bool) { st, ok := store[s]; return st, ok }
	tests := []struct {
		name    string
		pairs   []pair
		files   []upload
		names   []string
		uploads int
	}{
		{"a new file", nil, []upload{{"scans", "C:\\Users\\An\\mat-truoc.pdf", pdf}}, []string{"mat-truoc.pdf"}, 1},
		{"a kept file and a new one", []pair{{"_kept.scans", sum(png)}}, []upload{{"scans", "mat-truoc.pdf", pdf}}, []string{"mat-sau.png", "mat-truoc.pdf"}, 1},
		{"an unknown kept digest is dropped", []pair{{"_kept.scans", strings.Repeat("ab", 32)}, {"_kept.scans", "../../etc/passwd"}}, nil, nil, 0},
		{"the same content twice is one file", nil, []upload{{"scans", "a.pdf", pdf}, {"scans", "b.pdf", pdf}}, []string{"a.pdf"}, 1},
		{"an empty file input is no file", nil, []upload{{"scans", "", nil}}, nil, 0},
		{"a kept file sent again is not new", []pair{{"_kept.scans", sum(png)}}, []upload{{"scans", "mat-sau.png", png}}, []string{"mat-sau.png"}, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s, err := r.Parse(post(t, tc.pairs, tc.files...), htmlform.ParseOptions{Kept: kept})
			require.NoError(t, err)
			defer s.Close()
			var names []string
			list, _ := s.Data["scans"].([]any)
			for _, f := range list {
				names = append(names, f.(forms.File).Name)
			}
			assert.Equal(t, tc.names, names)
			assert.Len(t, s.Uploads, tc.uploads)
		})
	}
	t.Run("the media type is sniffed, not the browser's", func(t *testing.T) {
		s, err := r.Parse(post(t, nil, upload{"scans", "anh.pdf", []byte("MZ\x90\x00 not a pdf at all")}), htmlform.ParseOptions{})
		require.NoError(t, err)
		require.Len(t, s.Uploads, 1)
		assert.Equal(t, "application/octet-stream", s.Uploads[0].MediaType)
		var verrs forms.ValidationErrors
		require.ErrorAs(t, r.Form().Validate(t.Context(), s.Data), &verrs)
		rules := map[string]string{}
		for _, fe := range verrs {
			rules[fe.Path] = fe.Rule
		}
		assert.Equal(t, "file_type", rules["scans[0]"])
	})
}

func TestParseRefused(t *testing.T) {
	r := allTypes(t, htmlform.Options{})
	big := post(t, []pair{{"name", strings.Repeat("x", 4096)}})
	tests := []struct {
		name string
		req  *http.Request
		opt  htmlform.ParseOptions
		err  error
		code string
	}{
		{"GET", httptest.NewRequest(http.MethodGet, "/form", nil), htmlform.ParseOptions{}, htmlform.ErrRequest, "request"},
		{"JSON", func() *http.Request {
			q := httptest.NewRequest(http.MethodPost, "/form", strings.NewReader("{}"))
			q.Header.Set("Content-Type", "application/json")
			return q
		}(), htmlform.ParseOptions{}, htmlform.ErrRequest, "request"},
		{"no content type", httptest.NewRequest(http.MethodPost, "/form", strings.NewReader("a=b")), htmlform.ParseOptions{}, htmlform.ErrRequest, "request"},
		{"broken multipart", func() *http.Request {
			q := httptest.NewRequest(http.MethodPost, "/form", strings.NewReader("--x\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nb"))
			q.Header.Set("Content-Type", "multipart/form-data; boundary=x")
			return q
		}(), htmlform.ParseOptions{}, htmlform.ErrRequest, "request"},
		{"over MaxBytes", big, htmlform.ParseOptions{MaxBytes: 1024}, htmlform.ErrTooLarge, "too_large"},
		{"unknown action", post(t, []pair{{"_action", "delete-everything"}}), htmlform.ParseOptions{}, htmlform.ErrRequest, "request"},
		{"two actions", post(t, []pair{{"_action", "submit"}, {"_action", "refresh"}}), htmlform.ParseOptions{}, htmlform.ErrRequest, "request"},
		{"add to a field that is no repeat", post(t, []pair{{"_action", "add:name"}}), htmlform.ParseOptions{}, htmlform.ErrRequest, "request"},
		{"remove from a row path that does not exist", post(t, []pair{{"_action", "remove:heirs[0].name[1]"}}), htmlform.ParseOptions{}, htmlform.ErrRequest, "request"},
		{"more rows than the field takes", post(t, []pair{{"_rows.heirs", "4"}}), htmlform.ParseOptions{}, htmlform.ErrTooMany, "too_many"},
		{"a negative row count", post(t, []pair{{"_rows.heirs", "-1"}}), htmlform.ParseOptions{}, htmlform.ErrRequest, "request"},
		{"two answers to one question", post(t, []pair{{"name", "A"}, {"name", "B"}}), htmlform.ParseOptions{}, htmlform.ErrTooMany, "too_many"},
		{"more ticks than choices", post(t, []pair{{"langs", "en"}, {"langs", "en"}, {"langs", "fr"}, {"langs", "zh"}}), htmlform.ParseOptions{}, htmlform.ErrTooMany, "too_many"},
		{"more files than any field takes", post(t, nil, manyFiles(htmlform.MaxFiles+1)...), htmlform.ParseOptions{}, htmlform.ErrTooMany, "too_many"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s, err := r.Parse(tc.req, tc.opt)
			require.ErrorIs(t, err, tc.err)
			assert.Nil(t, s)
			var pe *htmlform.ParseError
			require.ErrorAs(t, err, &pe)
			assert.Equal(t, tc.code, htmlform.ErrorCode(err))
			assert.NotEmpty(t, pe.Message("vi"))
			assert.NotEqual(t, pe.Message("vi"), pe.Message("en"))
		})
	}
}

func manyFiles(n int) []upload {
	out := make([]upload, n)
	for i := range out {
		out[i] = upload{"scans", "f.pdf", append([]byte("%PDF-1.7 "), byte(i), byte(i>>8))}
	}
	return out
}

func TestParseURLEncoded(t *testing.T) {
	r := allTypes(t, htmlform.Options{})
	body := url.Values{"name": {"An"}, "married": {"true"}, "heirs[0].name": {"B"}}.Encode()
	req := httptest.NewRequest(http.MethodPost, "/form", strings.NewReader(body))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	s, err := r.Parse(req, htmlform.ParseOptions{})
	require.NoError(t, err)
	assert.Equal(t, map[string]any{"name": "An", "married": true, "heirs": []any{map[string]any{"name": "B"}}}, s.Data)
	require.NoError(t, s.Close())
}

func TestMessages(t *testing.T) {
	tests := []struct {
		name, code string
		err        error
	}{
		{"too large", "too_large", htmlform.ErrTooLarge},
		{"too many", "too_many", htmlform.ErrTooMany},
		{"request", "request", htmlform.ErrRequest},
		{"schema", "schema", htmlform.ErrSchema},
		{"another package's", "", errors.New("x")},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := &htmlform.ParseError{Err: tc.err, Detail: "d"}
			assert.Equal(t, tc.code, htmlform.ErrorCode(err))
			if tc.code == "" {
				assert.Empty(t, htmlform.Message(err, "vi"))
				return
			}
			assert.NotEmpty(t, htmlform.Message(err, "vi"))
			assert.NotEqual(t, htmlform.Message(err, "vi"), htmlform.Message(err, "en-GB"))
			assert.Contains(t, err.Error(), "htmlform: ")
		})
	}
}

func TestNewRefusesBrokenSchema(t *testing.T) {
	_, err := htmlform.New(&forms.Schema{ID: "x", Fields: []forms.Field{{Key: "a"}}}, htmlform.Options{})
	require.ErrorIs(t, err, htmlform.ErrSchema)
	require.ErrorIs(t, err, forms.ErrUnknownType)
	_, err = htmlform.New(nil, htmlform.Options{})
	require.ErrorIs(t, err, htmlform.ErrSchema)
}
