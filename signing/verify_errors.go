package signing

import "errors"

// ErrNoSignature means the signature asked for does not exist or its byte
// range does not describe a revision of the file.
var ErrNoSignature = errors.New("signing: no such signature")
