package htmlform_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"

	"github.com/motcua/motcua/forms"
	"github.com/motcua/motcua/forms/htmlform"
)

// A handler's round trip: parse the posted form, validate it, and show it
// again with its errors (here in a test request instead of a browser's).
func Example() {
	schema := &forms.Schema{ID: "BM-01", Title: forms.Text{"vi": "Tờ khai"}, Fields: []forms.Field{
		{Key: "full_name", Type: forms.TypeText, Required: true, Label: forms.Text{"vi": "Họ và tên", "en": "Full name"}},
		{Key: "children", Type: forms.TypeInteger, Label: forms.Text{"vi": "Số con", "en": "Children"}},
	}}
	r, err := htmlform.New(schema, htmlform.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	req := httptest.NewRequest(http.MethodPost, "/to-khai", strings.NewReader(url.Values{"children": {"1.000"}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")

	sub, err := r.Parse(req, htmlform.ParseOptions{})
	if err != nil {
		fmt.Println(htmlform.Message(err, "vi"))
		return
	}
	defer sub.Close()
	fmt.Println(sub.Data)
	var verrs forms.ValidationErrors
	if errors.As(r.Form().Validate(req.Context(), sub.Data), &verrs) {
		var page strings.Builder
		_ = r.Render(context.Background(), &page, htmlform.View{Action: "/to-khai", Submission: sub, Errors: verrs})
		html := page.String()
		start := strings.Index(html, `<li>`)
		fmt.Println(html[start : start+strings.Index(html[start:], "\n")])
		fmt.Println(strings.Contains(html, `aria-describedby="f-full_name-error" aria-invalid="true"`))
	}
	// Output:
	// map[children:1000]
	// <li><a href="#f-full_name">Họ và tên là bắt buộc</a></li>
	// true
}
