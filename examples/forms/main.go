// Command forms reads the schema of the enterprise registration
// application (giấy đề nghị đăng ký doanh nghiệp) from its JSON file,
// validates a good and a bad submission and prints the problems of the bad
// one in Vietnamese. A schema file with a misspelt key ("requird") is
// refused, not read as a different form.
package main

import (
	"bytes"
	"context"
	_ "embed"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/motcua/motcua/forms"
)

var (
	//go:embed schema.json
	schemaJSON []byte
	//go:embed good.json
	goodJSON []byte
	//go:embed bad.json
	badJSON []byte
)

func main() {
	if err := run(context.Background(), os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func run(ctx context.Context, w io.Writer) error {
	// A portal keeps its schemas in files or a database; ReadSchema refuses
	// any key the format does not define, so a typo cannot make a required
	// field optional.
	s, err := forms.ReadSchema(bytes.NewReader(schemaJSON))
	if err != nil {
		return err
	}
	form, err := s.Compile()
	if err != nil {
		return err
	}
	if err := form.ValidateJSON(ctx, goodJSON); err != nil {
		return fmt.Errorf("good submission rejected: %w", err)
	}
	fmt.Fprintln(w, "Hồ sơ hợp lệ: good.json")

	err = form.ValidateJSON(ctx, badJSON)
	var verrs forms.ValidationErrors
	if !errors.As(err, &verrs) {
		return fmt.Errorf("bad submission: want validation errors, got %v", err)
	}
	fmt.Fprintf(w, "Hồ sơ bad.json có %d lỗi:\n", len(verrs))
	for _, line := range verrs.Messages(forms.LangVI) {
		fmt.Fprintln(w, "  -", line)
	}

	_, err = forms.ReadSchema(bytes.NewReader(misspelt))
	fmt.Fprintln(w, "Biểu mẫu viết sai bị từ chối:", err)
	return nil
}

// misspelt is a schema whose author wrote "requird".
var misspelt = []byte(`{"id": "BM-02", "fields": [
  {"key": "full_name", "type": "text", "requird": true, "label": {"vi": "Họ và tên"}}
]}`)
