package main

import (
	"context"
	"fmt"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"
)

func main() {
	s := server.NewMCPServer("inventory", "0.4.0")
	tool := mcp.NewTool("stock_level", mcp.WithString("sku", mcp.Required()))
	s.AddTool(tool, func(ctx context.Context, req mcp.CallToolRequest) (*mcp.CallToolResult, error) {
		return mcp.NewToolResultText("42"), nil
	})
	if err := server.ServeStdio(s); err != nil {
		fmt.Println(err)
	}
}
