package csc_test

import (
	"bytes"
	"context"
	"errors"
	"testing"
	"time"

	"github.com/motcua/motcua/signing"
	"github.com/motcua/motcua/signing/csc"
	"github.com/motcua/motcua/signing/signingtest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestClientAgainstFakeService(t *testing.T) {
	now := time.Now().In(signing.Location).Truncate(time.Second)
	ca, err := signingtest.NewCA("motcua Test CA", now)
	require.NoError(t, err)
	doc, err := signingtest.PDF(signingtest.PDFOptions{})
	require.NoError(t, err)
	tests := []struct {
		name    string
		key     signingtest.KeyType
		fault   signingtest.CSCFault
		token   string
		sad     string
		timeout time.Duration
		wantErr error
		code    string
	}{
		{name: "ecdsa-p256", key: signingtest.ECDSAP256},
		{name: "ecdsa-p384", key: signingtest.ECDSAP384},
		{name: "rsa-2048", key: signingtest.RSA2048},
		{name: "wrong-key", key: signingtest.ECDSAP256, fault: signingtest.CSCWrongKey, wantErr: signing.ErrKey},
		{name: "refused", key: signingtest.ECDSAP256, fault: signingtest.CSCRefuse, wantErr: csc.ErrService, code: "invalid_request"},
		{name: "bad-token", key: signingtest.ECDSAP256, token: "other", wantErr: csc.ErrService, code: "invalid_token"},
		{name: "bad-sad", key: signingtest.ECDSAP256, sad: "other", wantErr: csc.ErrService, code: "invalid_request"},
		{name: "never-approves", key: signingtest.ECDSAP256, fault: signingtest.CSCSlow, timeout: 100 * time.Millisecond, wantErr: context.DeadlineExceeded},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			leaf, err := ca.Issue("Trần Văn Nghĩa", tc.key)
			require.NoError(t, err)
			svc, err := signingtest.NewCSC(leaf, tc.fault)
			require.NoError(t, err)
			defer svc.Close()
			c := &csc.Client{BaseURL: svc.URL, Token: svc.Token, CredentialID: svc.CredentialID, SAD: svc.SAD, Timeout: tc.timeout}
			if tc.token != "" {
				c.Token = tc.token
			}
			if tc.sad != "" {
				c.SAD = tc.sad
			}
			var out bytes.Buffer
			err = signing.SignRemote(t.Context(), bytes.NewReader(doc), int64(len(doc)), &out, c, signing.Options{Name: "Trần Văn Nghĩa", Time: now})
			if tc.wantErr != nil {
				require.Error(t, err)
				assert.True(t, errors.Is(err, tc.wantErr), "%v", err)
				var se *csc.ServiceError
				if tc.code != "" {
					require.True(t, errors.As(err, &se), "%v", err)
					assert.Equal(t, tc.code, se.Code)
				}
				assert.Zero(t, out.Len(), "nothing is written")
				return
			}
			require.NoError(t, err)
			rep, err := signing.Verify(t.Context(), bytes.NewReader(out.Bytes()), int64(out.Len()), signing.Policy{Roots: ca.Pool()})
			require.NoError(t, err)
			assert.Equal(t, signing.StatusValid, rep.Status, rep.Text(signing.English))
		})
	}
}
