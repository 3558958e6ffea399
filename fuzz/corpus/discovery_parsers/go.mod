module github.com/acme/inventory-mcp

go 1.23

require (
	github.com/mark3labs/mcp-go v0.17.0
	google.golang.org/grpc v1.69.2 // indirect
)

require github.com/google/uuid v1.6.0 // indirect
