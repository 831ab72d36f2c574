package forms

import (
	_ "embed"
	"encoding/json"
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
// registration procedures name in their FormID.
func SampleEnterpriseRegistration() (*Schema, error) {
	var s Schema
	if err := json.Unmarshal(enterpriseRegistrationJSON, &s); err != nil {
		return nil, fmt.Errorf("forms: sample schema: %w", err)
	}
	return &s, nil
}
