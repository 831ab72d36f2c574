package signing

import (
	"fmt"
	"time"
)

// Kind is the kind of signature. The zero value is [Approval].
type Kind int

const (
	// Approval is an ordinary signature (the default): the applicant's,
	// the officer's countersignature. Later signatures keep it valid.
	Approval Kind = iota
	// Certification is the document author's signature with a DocMDP
	// permission saying which later changes are allowed. It must be the
	// first signature of the file.
	Certification
)

// String returns "approval" or "certification".
func (k Kind) String() string {
	switch k {
	case Approval:
		return "approval"
	case Certification:
		return "certification"
	}
	return fmt.Sprintf("Kind(%d)", int(k))
}

// MarshalText implements [encoding.TextMarshaler].
func (k Kind) MarshalText() ([]byte, error) {
	switch k {
	case Approval, Certification:
		return []byte(k.String()), nil
	}
	return nil, fmt.Errorf("%w: unknown kind %d", ErrOptions, int(k))
}

// UnmarshalText implements [encoding.TextUnmarshaler].
func (k *Kind) UnmarshalText(b []byte) error {
	switch string(b) {
	case "approval", "":
		*k = Approval
	case "certification":
		*k = Certification
	default:
		return fmt.Errorf("%w: unknown kind %q", ErrOptions, b)
	}
	return nil
}

// Permission is a certification signature's DocMDP permission: which
// changes later revisions may make. The zero value is [AllowFormFilling].
type Permission int

const (
	// AllowFormFilling (DocMDP P=2, the default) allows filling in form
	// fields and adding signatures.
	AllowFormFilling Permission = iota
	// NoChanges (P=1) allows no change at all, not even another signature.
	NoChanges
	// AllowAnnotations (P=3) allows form filling, signing and annotations.
	AllowAnnotations
)

// P returns the DocMDP /P value (1, 2 or 3).
func (p Permission) P() int {
	switch p {
	case NoChanges:
		return 1
	case AllowAnnotations:
		return 3
	}
	return 2
}

// String returns "form-filling", "no-changes" or "annotations".
func (p Permission) String() string {
	switch p {
	case AllowFormFilling:
		return "form-filling"
	case NoChanges:
		return "no-changes"
	case AllowAnnotations:
		return "annotations"
	}
	return fmt.Sprintf("Permission(%d)", int(p))
}

// MarshalText implements [encoding.TextMarshaler].
func (p Permission) MarshalText() ([]byte, error) {
	switch p {
	case AllowFormFilling, NoChanges, AllowAnnotations:
		return []byte(p.String()), nil
	}
	return nil, fmt.Errorf("%w: unknown permission %d", ErrOptions, int(p))
}

// UnmarshalText implements [encoding.TextUnmarshaler].
func (p *Permission) UnmarshalText(b []byte) error {
	switch string(b) {
	case "form-filling", "":
		*p = AllowFormFilling
	case "no-changes":
		*p = NoChanges
	case "annotations":
		*p = AllowAnnotations
	default:
		return fmt.Errorf("%w: unknown permission %q", ErrOptions, b)
	}
	return nil
}

// Appearance places a visible signature box on a page. Without a Font the
// box is a frame; with one it also shows lines of text (Vietnamese
// included) in that font, of which only the glyphs shown are embedded (a
// font subset, named like "ABCDEF+DejaVuSans").
type Appearance struct {
	// Page is the 1-based page number; zero means the first page.
	Page int
	// Rect is the box in default user space: lower-left x, y, upper-right
	// x, y.
	Rect [4]float64
	// Font is a TrueType font file (.ttf) with glyphs for every character
	// of the text; nil draws the frame only. A subset of it is embedded:
	// a few kilobytes for a stamp's lines, whatever the font's size.
	Font []byte
	// Lines is the text, one entry per line; empty means the signer's
	// name ("Ký bởi: ..."), the signing time ("Thời gian: ...") and the
	// reason, when given. The font size is chosen to fit the box.
	Lines []string
}

// DefaultMaxSize is the input size limit when [Options.MaxSize] is zero.
const DefaultMaxSize = 100 << 20

// Options controls a signature. The zero value makes an invisible approval
// signature, timed by the local clock, without a timestamp authority.
type Options struct {
	// Name, Reason, Location and Contact are shown by PDF readers. Any
	// Unicode text works (Vietnamese included).
	Name, Reason, Location, Contact string
	// Kind is Approval (the default) or Certification.
	Kind Kind
	// Permission is the DocMDP permission of a Certification signature.
	Permission Permission
	// Time is the claimed signing time written as /M (and shown on a
	// visible stamp, in Time's location); zero means the time Sign is
	// called, in Vietnam's time zone. Use Timestamp for a time a verifier
	// can trust.
	Time time.Time
	// Timestamp, when set, adds an RFC 3161 signature timestamp.
	Timestamp *Timestamp
	// Appearance, when set, makes the signature visible.
	Appearance *Appearance
	// Page is the 1-based page an invisible signature's widget is
	// attached to; zero means the first page. Appearance.Page overrides it.
	Page int
	// MaxSize is the largest input accepted, in bytes; zero means
	// DefaultMaxSize.
	MaxSize int64
	// Limits bound the work of reading the input and checking the
	// output; zero fields mean the defaults (see [Limits]).
	Limits Limits
	// AllowInvalidCertificate signs even when a certificate of the chain
	// is expired or not yet valid at Time, or the signing certificate's
	// key usage does not allow signing documents; without it [Sign]
	// refuses with a [CertificateError]. For tests of verifiers; [Verify]
	// still reports such signatures untrusted.
	AllowInvalidCertificate bool
	// Expiry is how long a signature laid out by [Prepare] waits for its
	// value, from Time: [Complete] refuses it later. Zero means
	// [DefaultExpiry]. Sign ignores it.
	Expiry time.Duration

	// docTimestamp makes the update a document timestamp (ETSI.RFC3161)
	// rather than a signature; set by AddValidationData only.
	docTimestamp bool
}

func (o *Options) validate() error {
	switch o.Kind {
	case Approval, Certification:
	default:
		return fmt.Errorf("%w: unknown kind %d", ErrOptions, int(o.Kind))
	}
	switch o.Permission {
	case AllowFormFilling, NoChanges, AllowAnnotations:
	default:
		return fmt.Errorf("%w: unknown permission %d", ErrOptions, int(o.Permission))
	}
	if o.MaxSize < 0 {
		return fmt.Errorf("%w: negative MaxSize", ErrOptions)
	}
	if _, err := o.Limits.resolved(); err != nil {
		return err
	}
	if o.Expiry < 0 {
		return fmt.Errorf("%w: negative Expiry", ErrOptions)
	}
	if o.Page < 0 {
		return fmt.Errorf("%w: negative Page", ErrOptions)
	}
	if a := o.Appearance; a != nil {
		if a.Page < 0 || a.Rect[2] <= a.Rect[0] || a.Rect[3] <= a.Rect[1] {
			return fmt.Errorf("%w: appearance rectangle must have positive width and height", ErrOptions)
		}
	}
	if o.Timestamp != nil && o.Timestamp.URL == "" {
		return fmt.Errorf("%w: timestamp URL is empty", ErrOptions)
	}
	for _, s := range []string{o.Name, o.Reason, o.Location, o.Contact} {
		if len(s) > 4096 {
			return fmt.Errorf("%w: text option longer than 4096 bytes", ErrOptions)
		}
	}
	return nil
}
