package dvc

import (
	"errors"
	"fmt"

	"github.com/motcua/motcua/internal/errdetail"
)

// Sentinel errors.
var (
	// ErrMapping is wrapped when a dossier cannot be mapped to the
	// portal's records.
	ErrMapping = errors.New("dvc: cannot map the dossier")
	// ErrPortal is wrapped by every [*PortalError].
	ErrPortal = errors.New("dvc: the portal refused")
	// ErrTransient is wrapped by failures worth retrying: timeouts,
	// refused connections, HTTP 5xx answers.
	ErrTransient = errors.New("dvc: the portal is unavailable")
	// ErrNoOutbox is returned by [NewSender] for a store without an outbox.
	ErrNoOutbox = errors.New("dvc: the store has no outbox")
	// ErrConfig is wrapped by a bad [Config] or [Options].
	ErrConfig = errors.New("dvc: bad configuration")
)

// PortalError is an answer of the portal with a non-zero error_code, or
// one that is not its JSON.
type PortalError struct {
	// Service is the service called ("DongBoHoSoMC", "CapNhatTienDoHoSoMC",
	// or "login").
	Service string
	// Status is the HTTP status code.
	Status int
	// Code is the portal's error_code; Detail its message.
	Code, Detail string
}

func (e *PortalError) Error() string {
	return fmt.Sprintf("dvc: %s: HTTP %d, error_code %s: %s", e.Service, e.Status, errdetail.Quote(e.Code), errdetail.Quote(e.Detail))
}

// Unwrap returns [ErrPortal].
func (e *PortalError) Unwrap() error { return ErrPortal }

// Message returns the error for a person in lang ("vi", the default, or
// "en").
func (e *PortalError) Message(lang string) string {
	return fmt.Sprintf(text("portal", lang), e.Service, e.Code, e.Detail)
}

var messages = map[string][2]string{
	"portal":    {"Cổng Dịch vụ công quốc gia từ chối %s (mã lỗi %s): %s", "The national public-service portal refused %s (error code %s): %s"},
	"transient": {"Cổng Dịch vụ công quốc gia tạm thời không truy cập được", "The national public-service portal is unavailable"},
	"mapping":   {"Không lập được bản ghi đồng bộ của hồ sơ", "The dossier cannot be mapped to the portal's records"},
	"outbox":    {"Kho lưu trữ không có hàng đợi đồng bộ", "The store has no outbox"},
	"config":    {"Cấu hình đồng bộ không hợp lệ", "Bad sync configuration"},
	"unknown":   {"Lỗi không xác định", "Unknown error"},
}

func text(code, lang string) string {
	m := messages[code]
	if len(lang) >= 2 && lang[:2] == "en" {
		return m[1]
	}
	return m[0]
}

// ErrorCode returns the stable code of err: "portal", "transient",
// "mapping", "outbox", "config", or "unknown".
func ErrorCode(err error) string {
	switch {
	case errors.Is(err, ErrPortal):
		return "portal"
	case errors.Is(err, ErrTransient):
		return "transient"
	case errors.Is(err, ErrMapping):
		return "mapping"
	case errors.Is(err, ErrNoOutbox):
		return "outbox"
	case errors.Is(err, ErrConfig):
		return "config"
	}
	return "unknown"
}

// Message returns err for a person in lang ("vi", the default, or "en").
func Message(err error, lang string) string {
	var pe *PortalError
	if errors.As(err, &pe) {
		return pe.Message(lang)
	}
	return text(ErrorCode(err), lang)
}
