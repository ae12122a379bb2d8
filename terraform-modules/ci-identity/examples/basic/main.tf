provider "aws" {
  region = "eu-west-1"
}

provider "azurerm" {
  features {}
}

module "orders_ci" {
  source            = "../.."
  service_name      = "orders"
  github_repository = "example-org/orders"
  azure_scope       = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-orders"
  deploy_policy_json = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["lambda:UpdateFunctionCode", "lambda:GetFunction"]
      Resource = "arn:aws:lambda:eu-west-1:123456789012:function:orders-*"
    }]
  })
}
