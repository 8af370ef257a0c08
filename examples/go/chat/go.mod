module github.com/bestchat/bestchat/examples/go/chat

go 1.26.0

require (
	connectrpc.com/connect v1.21.1
	github.com/bestchat/bestchat v0.0.0
)

require (
	buf.build/gen/go/bufbuild/protovalidate/protocolbuffers/go v1.36.12-20260825204119-511051f7f437.1 // indirect
	google.golang.org/protobuf v1.36.12 // indirect
)

// Build against the repository this example sits in. Outside it, delete
// this line and run: go get github.com/bestchat/bestchat@latest
replace github.com/bestchat/bestchat => ../../..
