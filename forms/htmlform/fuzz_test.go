package htmlform_test

import (
	"bytes"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/motcua/motcua/forms"
	"github.com/motcua/motcua/forms/htmlform"
)

// FuzzParse sends any body, urlencoded or multipart, to Parse: it never
// panics, refuses with one of its sentinels or returns data that Validate
// and Render take.
func FuzzParse(f *testing.F) {
	f.Add([]byte("name=An&married=true&heirs%5B0%5D.name=B&_rows.heirs=1"), false)
	f.Add([]byte("_action=remove%3Aheirs%5B0%5D&heirs%5B3%5D.minor=true&langs=en&langs=en"), false)
	f.Add([]byte("_action=add%3Aheirs&_rows.heirs=3&born=1%2F1%2F2000&price=1.000"), false)
	f.Add([]byte("--B\r\nContent-Disposition: form-data; name=\"scans\"; filename=\"a.pdf\"\r\n\r\n%PDF-1.7\r\n--B\r\nContent-Disposition: form-data; name=\"_kept.scans\"\r\n\r\nx\r\n--B--\r\n"), true)
	r := allTypes(f, htmlform.Options{})
	f.Fuzz(func(t *testing.T, body []byte, multi bool) {
		if len(body) > 1<<16 {
			return
		}
		req := httptest.NewRequest(http.MethodPost, "/form", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		if multi {
			req.Header.Set("Content-Type", "multipart/form-data; boundary=B")
		}
		s, err := r.Parse(req, htmlform.ParseOptions{MaxBytes: 1 << 16, Kept: func(string) (htmlform.Stored, bool) { return htmlform.Stored{}, false }})
		if err != nil {
			var pe *htmlform.ParseError
			require.ErrorAs(t, err, &pe)
			require.True(t, errors.Is(err, htmlform.ErrRequest) || errors.Is(err, htmlform.ErrTooLarge) || errors.Is(err, htmlform.ErrTooMany), "%v", err)
			return
		}
		defer s.Close()
		verr := r.Form().Validate(t.Context(), s.Data)
		var verrs forms.ValidationErrors
		if verr != nil {
			require.ErrorAs(t, verr, &verrs)
			for _, fe := range verrs {
				require.NotEqual(t, "unexpected", fe.Rule, "a hidden field's value reached Data: %v", fe)
				require.NotEqual(t, "unknown", fe.Rule, "a key outside the schema reached Data: %v", fe)
			}
		}
		var page strings.Builder
		require.NoError(t, r.Render(t.Context(), &page, htmlform.View{Submission: s, Errors: verrs}))
	})
}
