package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"

	"github.com/motcua/motcua/forms"
)

// maxSubmission bounds a submission file.
const maxSubmission = 16 << 20

// fieldJSON is one problem of a submission in form's JSON output.
type fieldJSON struct {
	Path    string `json:"path"`
	Rule    string `json:"rule"`
	Param   string `json:"param,omitempty"`
	Message string `json:"message"`
}

// form is "motcua form validate SCHEMA SUBMISSION".
func (a *app) form(args []string) error {
	if len(args) == 0 {
		return usageErr("form", "missing_arg", "validate")
	}
	if args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		return errHelp{"form"}
	}
	if args[0] != "validate" {
		return usageErr("form", "unknown_command", "form "+args[0])
	}
	fs := flag.NewFlagSet("form", flag.ContinueOnError)
	pos, err := a.parse(fs, "form", args[1:], 2, 2)
	if err != nil {
		return err
	}
	var schema *forms.Schema
	if pos[0] == "sample" {
		if schema, err = forms.SampleEnterpriseRegistration(); err != nil {
			return inputErr("schema", "sample", err)
		}
	} else {
		b, err := readFile(pos[0], forms.MaxSchemaBytes)
		if err != nil {
			return err
		}
		if schema, err = forms.ReadSchema(bytes.NewReader(b)); err != nil {
			return inputErr("schema", pos[0], err)
		}
	}
	form, err := schema.Compile()
	if err != nil {
		var se *forms.SchemaError
		if !errors.As(err, &se) {
			return inputErr("schema", pos[0], err)
		}
		probs := make([]string, len(se.Problems))
		for i, p := range se.Problems {
			probs[i] = p.Error()
		}
		if a.json {
			if err := a.printJSON(map[string]any{"schema_problems": probs}); err != nil {
				return err
			}
		} else {
			for _, p := range probs {
				a.printf("%s %s\n", a.text("LỖI BIỂU MẪU", "SCHEMA ERROR"), p)
			}
		}
		return errFindings
	}
	b, err := readFile(pos[1], maxSubmission)
	if err != nil {
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var sub map[string]any
	if err := dec.Decode(&sub); err != nil {
		return inputErr("submission", pos[1], err)
	}
	if dec.More() {
		return inputErr("submission", pos[1], errors.New("data after the JSON object"))
	}
	err = form.Validate(a.ctx, sub)
	var verrs forms.ValidationErrors
	if err != nil && !errors.As(err, &verrs) {
		return inputErr("submission", pos[1], err)
	}
	if a.json {
		out := make([]fieldJSON, len(verrs))
		for i, fe := range verrs {
			out[i] = fieldJSON{Path: fe.Path, Rule: fe.Rule, Param: fe.Param, Message: fe.Message(a.lang)}
		}
		if err := a.printJSON(map[string]any{"form": schema.ID, "valid": len(verrs) == 0, "problems": out}); err != nil {
			return err
		}
	} else if len(verrs) == 0 {
		a.printf("%s\n", a.text("Tờ khai hợp lệ.", "The submission is valid."))
	} else {
		a.printf("%s\n", a.text(fmt.Sprintf("Tờ khai có %d lỗi:", len(verrs)), fmt.Sprintf("The submission has %d problems:", len(verrs))))
		for _, fe := range verrs {
			a.printf("  %s: %s\n", fe.Path, fe.Message(a.lang))
		}
	}
	if len(verrs) > 0 {
		return errFindings
	}
	return nil
}
