// Command forms validates a good and a bad submission of the enterprise
// registration application (giấy đề nghị đăng ký doanh nghiệp) and prints
// the problems of the bad one in Vietnamese.
package main

import (
	"context"
	_ "embed"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/motcua/motcua/forms"
)

var (
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
	s, err := forms.SampleEnterpriseRegistration()
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
	return nil
}
