package main

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"mime"
	"net/http"
	"strings"

	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/forms"
)

// User is who is signed in.
type User struct {
	// ID is the identity provider's subject ("vneid:001085012345").
	ID string `json:"id"`
	// Name, CitizenID, Phone and Email describe a citizen.
	Name      string `json:"name"`
	CitizenID string `json:"cccd,omitempty"`
	Phone     string `json:"phone,omitempty"`
	Email     string `json:"email,omitempty"`
	// Role is RoleApplicant or RoleOfficer.
	Role dossier.Role `json:"role"`
	// Session is a random value the CSRF token is bound to.
	Session string `json:"sid"`
}

// Identity is the plug-in point of the portal's identity provider: VNeID
// (OpenID Connect), the province's single sign-on, or a staff directory.
// Authenticate reads the login request (a form here; a callback with an
// authorisation code in OpenID Connect) and returns who signed in; the
// portal then keeps the user in a signed session cookie.
type Identity interface {
	Authenticate(r *http.Request) (User, error)
}

// stubIdentity believes what the login form says, after checking the
// citizen ID's shape: a demonstration only.
type stubIdentity struct{}

var errLogin = errors.New("portal: login refused")

func (stubIdentity) Authenticate(r *http.Request) (User, error) {
	name := strings.TrimSpace(r.PostFormValue("name"))
	if name == "" || len([]rune(name)) > 100 {
		return User{}, errLogin
	}
	if r.PostFormValue("role") == "officer" {
		return User{ID: "staff:" + name, Name: name, Role: dossier.RoleOfficer}, nil
	}
	id := strings.TrimSpace(r.PostFormValue("cccd"))
	if _, err := forms.ParseCitizenID(id); err != nil {
		return User{}, err
	}
	return User{ID: "vneid:" + id, Name: name, CitizenID: id, Role: dossier.RoleApplicant,
		Phone: strings.TrimSpace(r.PostFormValue("phone")), Email: strings.TrimSpace(r.PostFormValue("email"))}, nil
}

const cookieName = "motcua_session"

// setSession signs u into the session cookie.
func (a *App) setSession(w http.ResponseWriter, u User) error {
	sid := make([]byte, 16)
	if _, err := rand.Read(sid); err != nil {
		return err
	}
	u.Session = hex.EncodeToString(sid)
	b, err := json.Marshal(u)
	if err != nil {
		return err
	}
	v := base64.RawURLEncoding.EncodeToString(b)
	http.SetCookie(w, &http.Cookie{Name: cookieName, Value: v + "." + a.mac("session:"+v), Path: "/",
		HttpOnly: true, SameSite: http.SameSiteLaxMode, MaxAge: 8 * 3600, Secure: strings.HasPrefix(a.cfg.BaseURL, "https:")})
	return nil
}

// user returns the signed-in user, if the cookie is ours.
func (a *App) user(r *http.Request) (User, bool) {
	c, err := r.Cookie(cookieName)
	if err != nil {
		return User{}, false
	}
	v, sig, ok := strings.Cut(c.Value, ".")
	if !ok || !hmac.Equal([]byte(sig), []byte(a.mac("session:"+v))) {
		return User{}, false
	}
	b, err := base64.RawURLEncoding.DecodeString(v)
	var u User
	if err != nil || json.Unmarshal(b, &u) != nil || u.Session == "" {
		return User{}, false
	}
	return u, true
}

func (a *App) mac(s string) string {
	m := hmac.New(sha256.New, a.key)
	m.Write([]byte(s))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// csrf is the token every form of the session posts back.
func (a *App) csrf(r *http.Request) string {
	u, ok := a.user(r)
	if !ok {
		return a.mac("csrf:anonymous")
	}
	return a.mac("csrf:" + u.Session)
}

// secure adds the security headers, bounds every body, and refuses a POST
// without the session's CSRF token or from another origin.
func (a *App) secure(next http.Handler) http.Handler {
	cop := http.NewCrossOriginProtection()
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
		if strings.HasPrefix(a.cfg.BaseURL, "https:") {
			h.Set("Strict-Transport-Security", "max-age=31536000")
		}
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			if err := cop.Check(r); err != nil {
				http.Error(w, "Yêu cầu từ trang khác bị từ chối (cross-origin request refused)", http.StatusForbidden)
				return
			}
			r.Body = http.MaxBytesReader(w, r.Body, maxBody)
			mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
			var err error
			if mt == "multipart/form-data" {
				err = r.ParseMultipartForm(maxInForm)
			} else {
				err = r.ParseForm()
			}
			if err != nil {
				var tooLarge *http.MaxBytesError
				if errors.As(err, &tooLarge) {
					http.Error(w, "Dữ liệu gửi lên quá lớn (request too large)", http.StatusRequestEntityTooLarge)
					return
				}
				http.Error(w, "Yêu cầu không hợp lệ (bad request)", http.StatusBadRequest)
				return
			}
			if r.MultipartForm != nil {
				defer r.MultipartForm.RemoveAll()
			}
			if !hmac.Equal([]byte(r.PostFormValue("_csrf")), []byte(a.csrf(r))) {
				http.Error(w, "Phiên làm việc đã hết hạn, vui lòng tải lại trang (CSRF token missing or wrong)", http.StatusForbidden)
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}

// citizen wraps a handler that needs a signed-in user.
func (a *App) citizen(h func(http.ResponseWriter, *http.Request, User)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		u, ok := a.user(r)
		if !ok {
			http.Redirect(w, r, "/dang-nhap?next="+urlPath(r), http.StatusSeeOther)
			return
		}
		h(w, r, u)
	}
}

// officerOnly wraps a handler of the clerk's desk.
func (a *App) officerOnly(h func(http.ResponseWriter, *http.Request, User)) http.HandlerFunc {
	return a.citizen(func(w http.ResponseWriter, r *http.Request, u User) {
		if u.Role != dossier.RoleOfficer {
			http.Error(w, "Chỉ dành cho cán bộ (officers only)", http.StatusForbidden)
			return
		}
		h(w, r, u)
	})
}

// urlPath is the request's path, for a redirect back after login: a local
// path only.
func urlPath(r *http.Request) string {
	p := r.URL.Path
	if !strings.HasPrefix(p, "/") || strings.HasPrefix(p, "//") {
		return "/"
	}
	return p
}

func (u User) actor() dossier.Actor {
	if u.Role == dossier.RoleOfficer {
		return dossier.Actor{ID: u.ID, Role: dossier.RoleOfficer, Unit: agencyCode}
	}
	return dossier.Actor{ID: u.ID, Role: dossier.RoleApplicant}
}
