package forms

import "strconv"

// File describes one attachment of a file field. In a JSON submission it is
// the object {"name": ..., "media_type": ..., "size": ...}.
type File struct {
	Name      string `json:"name"`
	MediaType string `json:"media_type"`
	Size      int64  `json:"size"`
}

// AttachmentInfo returns f itself, so that File is an [Attachment].
func (f File) AttachmentInfo() File { return f }

// Attachment is a value a caller may put in a submission for a file field
// (an uploaded file of their own type), alone or in a slice.
type Attachment interface {
	AttachmentInfo() File
}

func (w *walker) files(n *node, v any) {
	var list []File
	ok := true
	switch x := v.(type) {
	case []File:
		list = x
	case []Attachment:
		for i, a := range x {
			if a == nil {
				w.addAt(n, i, n.typ, "type", "", nil)
				ok = false
				continue
			}
			list = append(list, a.AttachmentInfo())
		}
	case Attachment:
		list = []File{x.AttachmentInfo()}
	case []any:
		for i, e := range x {
			f, okf := fileOf(e)
			if !okf {
				w.addAt(n, i, n.typ, "type", "", e)
				ok = false
				continue
			}
			list = append(list, f)
		}
	default:
		w.add(n, "type", "", v)
		return
	}
	if !ok {
		return
	}
	if n.maxFiles > 0 && len(list) > n.maxFiles {
		w.add(n, "file_count", strconv.Itoa(n.maxFiles), v)
		return
	}
	for i, f := range list {
		switch {
		case f.Name == "" || f.Size < 0:
			w.addAt(n, i, n.typ, "type", "", f)
		case n.accept != nil && !n.accept.MatchString(f.MediaType):
			w.addAt(n, i, n.typ, "file_type", f.MediaType, f)
		case n.maxBytes > 0 && f.Size > n.maxBytes:
			w.addAt(n, i, n.typ, "file_size", strconv.FormatInt(n.maxBytes, 10), f)
		}
	}
}

// fileOf reads one attachment of a decoded JSON list.
func fileOf(e any) (File, bool) {
	switch x := e.(type) {
	case Attachment:
		return x.AttachmentInfo(), true
	case map[string]any:
		name, ok1 := x["name"].(string)
		mt, ok2 := x["media_type"].(string)
		size, ok3 := toInt(x["size"])
		if !ok1 || !ok2 || !ok3 || name == "" || size.(int64) < 0 {
			return File{}, false
		}
		return File{Name: name, MediaType: mt, Size: size.(int64)}, true
	}
	return File{}, false
}
