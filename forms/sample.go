package forms

import (
	"bytes"
	_ "embed"
	"fmt"
)

//go:embed data/enterprise-registration.json
var enterpriseRegistrationJSON []byte

// SampleEnterpriseRegistration returns the embedded sample schema of the
// enterprise registration application (giấy đề nghị đăng ký doanh nghiệp,
// schema ID "BM-DKDN-01"): 34 fields with groups, a repeat group of members,
// conditions, a citizen ID, a tax code, administrative units, a phone number,
// an e-mail address and attachments. Each call returns a new Schema, ready for
// [Schema.Compile]. It is the form the sample catalogue's enterprise
// registration procedures name in their FormID. It is read with
// [ReadSchema], as a portal reads its own schemas.
func SampleEnterpriseRegistration() (*Schema, error) {
	s, err := ReadSchema(bytes.NewReader(enterpriseRegistrationJSON))
	if err != nil {
		return nil, fmt.Errorf("forms: sample schema: %w", err)
	}
	return s, nil
}
