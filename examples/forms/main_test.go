package main

import (
	"bytes"
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/motcua/motcua/forms"
)

// TestRun checks the program's whole output: the good submission passes
// and every problem of the bad one is reported, in schema order, in
// Vietnamese.
func TestRun(t *testing.T) {
	var b bytes.Buffer
	require.NoError(t, run(context.Background(), &b))
	assert.Equal(t, want, b.String())
}

const want = `Hồ sơ hợp lệ: good.json
Hồ sơ bad.json có 20 lỗi:
  - enterprise_name: Tên doanh nghiệp phải có ít nhất 3 ký tự
  - charter_capital: Vốn điều lệ (đồng) phải lớn hơn hoặc bằng 1.000.000 ₫
  - business_lines: Ngành, nghề kinh doanh có lựa chọn bị trùng
  - owner.citizen_id: Số định danh cá nhân của chủ sở hữu không khớp với ngày sinh đã khai
  - owner.title: Chức danh là bắt buộc trong trường hợp này
  - members[0].rep_title: Chức danh người đại diện là bắt buộc trong trường hợp này
  - members[1].citizen_id: Số định danh cá nhân của thành viên không phải số định danh cá nhân (CCCD) hợp lệ
  - members[1].contribution: Giá trị phần vốn góp (đồng) là bắt buộc
  - members[1].share: Tỷ lệ vốn góp (%) phải nhỏ hơn hoặc bằng 100
  - tax_code: Mã số thuế (nếu đã có) không phải mã số thuế hợp lệ
  - address.province: Tỉnh/thành phố không phải mã đơn vị hành chính hợp lệ
  - address.street: Số nhà, đường phố là bắt buộc
  - phone: Điện thoại không phải số điện thoại Việt Nam hợp lệ
  - email: Thư điện tử không phải địa chỉ thư điện tử hợp lệ
  - employees: Số lao động dự kiến phải lớn hơn hoặc bằng 0
  - foreign_ratio: Tỷ lệ vốn nước ngoài (%) không được điền trong trường hợp này
  - fiscal_year_start: Năm tài chính bắt đầu từ ngày phải là ngày hợp lệ dạng dd/mm/yyyy
  - documents[0]: Hồ sơ đính kèm: loại tệp application/vnd.openxmlformats-officedocument.wordprocessingml.document không được chấp nhận
  - documents[1]: Hồ sơ đính kèm: tệp vượt quá dung lượng cho phép (10 MB)
  - director: Trường director không có trong biểu mẫu
Biểu mẫu viết sai bị từ chối: forms: schema document: line 2, column 40: fields[0].requird: unknown field (did you mean "required"?)
`

// TestSchemaIsTheSample keeps schema.json the same form as the one
// forms.SampleEnterpriseRegistration embeds.
func TestSchemaIsTheSample(t *testing.T) {
	want, err := forms.SampleEnterpriseRegistration()
	require.NoError(t, err)
	got, err := forms.ReadSchema(bytes.NewReader(schemaJSON))
	require.NoError(t, err)
	assert.Equal(t, want, got)
}
