package forms_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/motcua/motcua/forms"
)

func Example() {
	// A schema is data: a portal keeps it in a file or a database and reads
	// it with ReadSchema, which refuses any key the format does not define.
	schema, err := forms.ReadSchema(strings.NewReader(`{
		"id": "BM-01",
		"fields": [
			{"key": "full_name", "type": "text", "required": true, "max_len": 100,
			 "label": {"vi": "Họ và tên", "en": "Full name"}},
			{"key": "citizen_id", "type": "citizen_id", "required": true,
			 "label": {"vi": "Số định danh cá nhân", "en": "Personal ID number"}},
			{"key": "has_business", "type": "bool",
			 "label": {"vi": "Có hộ kinh doanh", "en": "Runs a household business"}},
			{"key": "tax_code", "type": "tax_code", "required_if": "has_business == true",
			 "label": {"vi": "Mã số thuế", "en": "Tax code"}},
			{"key": "children", "type": "repeat", "label": {"vi": "Con", "en": "Children"}, "fields": [
				{"key": "name", "type": "text", "required": true, "label": {"vi": "Tên con", "en": "Child's name"}},
				{"key": "birth_date", "type": "date", "required": true,
				 "label": {"vi": "Ngày sinh của con", "en": "Child's date of birth"}}
			]}
		]
	}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	form, err := schema.Compile()
	if err != nil {
		fmt.Println(err)
		return
	}
	err = form.ValidateJSON(context.Background(), []byte(`{
		"full_name": "Lê Thị Hoa",
		"citizen_id": "001185012345",
		"has_business": true,
		"children": [{"name": "An", "birth_date": "01/06/2015"}, {"name": "Bình", "birth_date": "31/06/2018"}]
	}`))
	var verrs forms.ValidationErrors
	if errors.As(err, &verrs) {
		for _, e := range verrs {
			fmt.Printf("%s: %s\n", e.Path, e.Message("vi"))
		}
		fmt.Println(errors.Is(err, forms.ErrRequired))
	}
	// Output:
	// tax_code: Mã số thuế là bắt buộc trong trường hợp này
	// children[1].birth_date: Ngày sinh của con phải là ngày hợp lệ dạng dd/mm/yyyy
	// true
}

func ExampleReadSchema() {
	_, err := forms.ReadSchema(strings.NewReader(`{"id": "BM-02", "fields": [
		{"key": "owner", "type": "group", "fields": [
			{"key": "full_name", "type": "text", "requird": true}
		]}
	]}`))
	var fe *forms.FormatError
	if errors.As(err, &fe) {
		fmt.Println(fe.Path, "| line", fe.Line, "|", fe.Detail)
		fmt.Println(errors.Is(err, forms.ErrUnknownField))
	}
	// Output:
	// fields[0].fields[0].requird | line 3 | unknown field (did you mean "required"?)
	// true
}

func ExampleSchema_Compile() {
	schema := forms.Schema{ID: "broken", Fields: []forms.Field{
		{Key: "kind", Type: forms.TypeChoice, Choices: []forms.Choice{{Value: "a"}}},
		{Key: "note", Type: forms.TypeText, VisibleIf: `kind == "b"`, Rules: "max=ten"},
		{Key: "note", Type: forms.TypeInteger},
	}}
	_, err := schema.Compile()
	var se *forms.SchemaError
	if errors.As(err, &se) {
		for _, p := range se.Problems {
			fmt.Println(p.Path, "|", p.Detail)
		}
	}
	// Output:
	// note | key "note" is used twice
	// note | visible_if: "b" is not a choice of kind
	// note | rules "max=ten": strconv.ParseInt: parsing "ten": invalid syntax
}

func ExampleForm_JSONSchema() {
	schema := forms.Schema{ID: "tiny", Fields: []forms.Field{
		{Key: "owner_type", Type: forms.TypeChoice, Required: true, Choices: []forms.Choice{{Value: "person"}, {Value: "company"}}},
		{Key: "mst", Type: forms.TypeTaxCode, RequiredIf: `owner_type == "company"`},
	}}
	form, err := schema.Compile()
	if err != nil {
		fmt.Println(err)
		return
	}
	b, _ := form.JSONSchema()
	var js struct {
		Properties map[string]struct {
			AnyOf []map[string]any `json:"anyOf"`
		} `json:"properties"`
		AllOf []json.RawMessage `json:"allOf"`
	}
	_ = json.Unmarshal(b, &js)
	fmt.Println(js.Properties["mst"].AnyOf[1]["format"])
	fmt.Println(string(js.AllOf[1]))
	// Output:
	// vn-tax-code
	// {"if":{"properties":{"owner_type":{"const":"company"}},"required":["owner_type"]},"then":{"properties":{"mst":{"not":{"$ref":"#/$defs/empty"}}},"required":["mst"]}}
}

func ExampleParseCitizenID() {
	id, err := forms.ParseCitizenID("079190001234")
	fmt.Println(id.Province, id.Sex, id.BirthYear, err)
	_, err = forms.ParseCitizenID("079790001234")
	fmt.Println(err)
	// Output:
	// 079 female 1990 <nil>
	// forms: invalid citizen ID: century/sex digit 7
}

func ExampleParseTaxCode() {
	for _, s := range []string{"0301234562", "0301234562001", "0301234563", "001085012345"} {
		tc, err := forms.ParseTaxCode(s, forms.WithPersonalTaxCodes())
		fmt.Println(tc, tc.Personal, err)
	}
	// Output:
	// 0301234562 false <nil>
	// 0301234562-001 false <nil>
	//  false forms: invalid tax code: bad check digit
	// 001085012345 true <nil>
}

func ExampleNormalizePhone() {
	for _, s := range []string{"0912 345 678", "+84 24 3825 1234", "0112345678"} {
		p, err := forms.NormalizePhone(s)
		fmt.Println(p, err)
	}
	// Output:
	// +84912345678 <nil>
	// +842438251234 <nil>
	//  forms: invalid phone number: not a Vietnamese mobile or landline number
}

func ExampleProvincesAt() {
	loc := time.FixedZone("ICT", 7*3600)
	old := forms.ProvincesAt(time.Date(2025, time.June, 30, 0, 0, 0, 0, loc))
	now := forms.ProvincesAt(time.Date(2025, time.July, 1, 0, 0, 0, 0, loc))
	name, _ := old.ProvinceName("02")
	fmt.Println(len(old.ProvinceCodes()), len(now.ProvinceCodes()), name, now.Province("02"))
	// Output:
	// 63 34 Tỉnh Hà Giang false
}
