// Package pagetoken encodes keyset pagination cursors as opaque page tokens.
//
// A token is base64url JSON of the last row's sort key, tagged with the
// list it belongs to, so a token of one list (or a forged one) is refused
// as INVALID_ARGUMENT instead of silently restarting a listing. Tokens carry
// no authority: every query still filters on the caller's user id.
package pagetoken
