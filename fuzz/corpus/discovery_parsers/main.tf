terraform {
  required_providers {
    azurerm = { source = "hashicorp/azurerm", version = "~> 4.14" }
    aws     = { source = "hashicorp/aws", version = "~> 5.80" }
  }
}

resource "azurerm_resource_group" "ai" {
  name     = "rg-ai-platform"
  location = "swedencentral"
}

resource "azurerm_cognitive_account" "openai" {
  name                = "aoai-platform"
  location            = azurerm_resource_group.ai.location
  resource_group_name = azurerm_resource_group.ai.name
  kind                = "OpenAI"
  sku_name            = "S0"
}

resource "azurerm_cognitive_deployment" "gpt4o" {
  name                 = "gpt-4o"
  cognitive_account_id = azurerm_cognitive_account.openai.id
  model {
    format  = "OpenAI"
    name    = "gpt-4o"
    version = "2024-08-06"
  }
  sku {
    name = "GlobalStandard"
  }
}

# Text analytics is a Cognitive Services account too, but not generative AI.
resource "azurerm_cognitive_account" "language" {
  name                = "lang-platform"
  location            = azurerm_resource_group.ai.location
  resource_group_name = azurerm_resource_group.ai.name
  kind                = "TextAnalytics"
  sku_name            = "S"
}
