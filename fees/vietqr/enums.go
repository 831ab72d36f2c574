package vietqr

import "fmt"

// Initiation is the point of initiation method (field 01): whether the
// same code serves many transfers or one.
type Initiation int

// The points of initiation. The zero value is unknown: [Payload.Encode]
// then writes [Dynamic] for a payload with an amount and [Static] for one
// without.
const (
	InitiationUnknown Initiation = iota
	// Static (value "11") is a code shown for many transfers, such as a
	// poster at the counter; the payer usually types the amount.
	Static
	// Dynamic (value "12") is a code made for one transfer: one dossier's
	// fee, with its amount and dossier code.
	Dynamic
)

var initiationNames = [...]string{"unknown", "static", "dynamic"}

// String returns "static", "dynamic" or "unknown".
func (i Initiation) String() string {
	if i < 0 || int(i) >= len(initiationNames) {
		return fmt.Sprintf("Initiation(%d)", int(i))
	}
	return initiationNames[i]
}

// MarshalText writes the name, as [Initiation.String].
func (i Initiation) MarshalText() ([]byte, error) {
	if i < 0 || int(i) >= len(initiationNames) {
		return nil, fmt.Errorf("%w: initiation %d", ErrValue, int(i))
	}
	return []byte(initiationNames[i]), nil
}

// UnmarshalText reads a name written by [Initiation.MarshalText].
func (i *Initiation) UnmarshalText(b []byte) error {
	for k, n := range initiationNames {
		if string(b) == n {
			*i = Initiation(k)
			return nil
		}
	}
	return fmt.Errorf("%w: initiation %q", ErrValue, b)
}

// Service is the NAPAS service code (field 38.02): a transfer to an
// account or to a card.
type Service int

// The service codes. The zero value is unknown: [Payload.Encode] then
// writes [ToAccount].
const (
	ServiceUnknown Service = iota
	// ToAccount is "QRIBFTTA": an interbank 24/7 transfer to an account.
	ToAccount
	// ToCard is "QRIBFTTC": an interbank 24/7 transfer to a card number.
	ToCard
)

var serviceNames = [...]string{"unknown", "account", "card"}

// serviceCodes are the values of field 38.02.
var serviceCodes = [...]string{"", "QRIBFTTA", "QRIBFTTC"}

// String returns "account", "card" or "unknown".
func (s Service) String() string {
	if s < 0 || int(s) >= len(serviceNames) {
		return fmt.Sprintf("Service(%d)", int(s))
	}
	return serviceNames[s]
}

// Code returns the service code written in the payload, "QRIBFTTA" or
// "QRIBFTTC" ("" for an unknown service).
func (s Service) Code() string {
	if s < 0 || int(s) >= len(serviceCodes) {
		return ""
	}
	return serviceCodes[s]
}

// MarshalText writes the name, as [Service.String].
func (s Service) MarshalText() ([]byte, error) {
	if s < 0 || int(s) >= len(serviceNames) {
		return nil, fmt.Errorf("%w: service %d", ErrValue, int(s))
	}
	return []byte(serviceNames[s]), nil
}

// UnmarshalText reads a name written by [Service.MarshalText] or a service
// code ("QRIBFTTA", "QRIBFTTC").
func (s *Service) UnmarshalText(b []byte) error {
	for k := range serviceNames {
		if string(b) == serviceNames[k] || k > 0 && string(b) == serviceCodes[k] {
			*s = Service(k)
			return nil
		}
	}
	return fmt.Errorf("%w: service %q", ErrValue, b)
}
