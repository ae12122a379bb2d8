// hclfmt prints, as JSON, the files among its arguments that `terraform fmt` would change, with
// the text it would write. It does what Terraform's `fmt` command does (internal/command/fmt.go in
// hashicorp/terraform): parse with hclwrite, unwrap interpolation-only values ("${x}" becomes x),
// unquote variable types, and write the tokens back, which applies hclwrite's formatter.
package main

import (
	"encoding/json"
	"fmt"
	"os"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/hashicorp/hcl/v2/hclwrite"
)

func main() {
	changed := map[string]string{}
	for _, path := range os.Args[1:] {
		src, err := os.ReadFile(path)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
		if _, diags := hclsyntax.ParseConfig(src, path, hcl.InitialPos); diags.HasErrors() {
			fmt.Fprintln(os.Stderr, diags.Error())
			os.Exit(2)
		}
		f, diags := hclwrite.ParseConfig(src, path, hcl.InitialPos)
		if diags.HasErrors() {
			fmt.Fprintln(os.Stderr, diags.Error())
			os.Exit(2)
		}
		formatBody(f.Body(), nil)
		out := f.Bytes()
		if string(out) != string(src) {
			changed[path] = string(out)
		}
	}
	if err := json.NewEncoder(os.Stdout).Encode(changed); err != nil {
		os.Exit(2)
	}
}

func formatBody(body *hclwrite.Body, inBlocks []string) {
	attrs := body.Attributes()
	for name, attr := range attrs {
		if len(inBlocks) == 1 && inBlocks[0] == "variable" && name == "type" {
			cleaned := formatTypeExpr(attr.Expr().BuildTokens(nil))
			body.SetAttributeRaw(name, cleaned)
			continue
		}
		cleaned := formatValueExpr(attr.Expr().BuildTokens(nil))
		body.SetAttributeRaw(name, cleaned)
	}
	for _, block := range body.Blocks() {
		formatBody(block.Body(), append(inBlocks, block.Type()))
	}
}

// formatValueExpr turns "${x}" into x when the template is that one interpolation only.
func formatValueExpr(tokens hclwrite.Tokens) hclwrite.Tokens {
	if len(tokens) < 5 {
		return tokens
	}
	oQuote, oBrace := tokens[0], tokens[1]
	cBrace, cQuote := tokens[len(tokens)-2], tokens[len(tokens)-1]
	if oQuote.Type != hclsyntax.TokenOQuote || oBrace.Type != hclsyntax.TokenTemplateInterp ||
		cBrace.Type != hclsyntax.TokenTemplateSeqEnd || cQuote.Type != hclsyntax.TokenCQuote {
		return tokens
	}
	inside := tokens[2 : len(tokens)-2]
	quotes, braces := 0, 0
	for _, token := range inside {
		switch token.Type {
		case hclsyntax.TokenOQuote:
			quotes++
			continue
		case hclsyntax.TokenCQuote:
			quotes--
			continue
		}
		if quotes > 0 {
			continue
		}
		switch token.Type {
		case hclsyntax.TokenTemplateInterp, hclsyntax.TokenTemplateControl:
			braces++
		case hclsyntax.TokenTemplateSeqEnd:
			if braces == 0 {
				return tokens // "${a}-${b}": more than one interpolation
			}
			braces--
		case hclsyntax.TokenQuotedLit, hclsyntax.TokenStringLit:
			return tokens
		}
	}
	for _, token := range inside {
		if token.Type == hclsyntax.TokenNewline {
			// Multi-line expressions keep their meaning only inside parentheses.
			out := hclwrite.Tokens{{Type: hclsyntax.TokenOParen, Bytes: []byte("(")}}
			out = append(out, inside...)
			return append(out, &hclwrite.Token{Type: hclsyntax.TokenCParen, Bytes: []byte(")")})
		}
	}
	return inside
}

// formatTypeExpr turns the legacy quoted types ("string", "list", "map") into type keywords.
func formatTypeExpr(tokens hclwrite.Tokens) hclwrite.Tokens {
	if len(tokens) != 3 || tokens[0].Type != hclsyntax.TokenOQuote || tokens[1].Type != hclsyntax.TokenQuotedLit {
		return tokens
	}
	keyword := map[string]string{"string": "string", "list": "list(string)", "map": "map(string)"}[string(tokens[1].Bytes)]
	if keyword == "" {
		return tokens
	}
	return hclwrite.Tokens{{Type: hclsyntax.TokenIdent, Bytes: []byte(keyword)}}
}
