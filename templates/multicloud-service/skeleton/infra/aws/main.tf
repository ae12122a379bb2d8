terraform {
  # use_lockfile (S3-native state locking) needs Terraform 1.10 ("Backend Type: s3",
  # https://developer.hashicorp.com/terraform/language/backend/s3).
  required_version = ">= 1.10.0"
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.81"
    }
  }
  # State in S3 with S3-native locking; the bucket comes from -backend-config in the workflow.
  backend "s3" {
    key          = "${{ values.name }}/aws.tfstate"
    region       = "${{ values.awsRegion }}"
    encrypt      = true
    use_lockfile = true
  }
}

provider "aws" {
  region = var.region
}

module "service" {
  source             = "git::${{ values.modulesRepository }}//terraform-modules/aws-service?ref=${{ values.modulesRef }}"
  service_name       = var.service_name
  consistency_mode   = var.consistency_mode
  lambda_package_dir = "${path.root}/../../dist/aws"
  # Azure's names follow from the service's name (terraform-modules/azure-service).
  peer_servicebus_namespace = "sbns-${var.service_name}-bus.servicebus.windows.net"
  peer_queue_name           = "${var.service_name}-inbound"
  primary_region_id         = var.primary_region_id
  primary_url               = var.primary_url
  alarm_topic_arn           = var.alarm_topic_arn
}
