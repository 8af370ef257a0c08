// Package message is how a stored message looks on both sides of the
// database: its content parts as the JSON array kept in messages.content
// (and the text kept in text_content for search), its generation params as
// a JSON object, and a messages row as the API's bestchatv1.Message.
//
// ChatService's handlers (internal/chat) and the generation engine
// (internal/engine) both store and show messages; they share this package
// so that there is one encoding and one conversion. textcontent.go encodes
// and decodes the common text-only content without protojson, since every
// turn decodes its whole branch.
package message
