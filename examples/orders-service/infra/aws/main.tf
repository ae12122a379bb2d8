terraform {
  required_version = ">= 1.6.0"
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.80"
    }
  }
  # State in S3 with S3-native locking; the bucket comes from -backend-config in the workflow.
  backend "s3" {
    key          = "orders/aws.tfstate"
    region       = "eu-west-1"
    encrypt      = true
    use_lockfile = true
  }
}

provider "aws" {
  region = var.region
}

module "service" {
  source                    = "git::https://github.com/multicloud-active-active/multicloud-active-active.git//terraform-modules/aws-service?ref=v0.1.0"
  service_name              = var.service_name
  consistency_mode          = var.consistency_mode
  lambda_package_dir        = "${path.root}/../../dist/aws"
  peer_servicebus_namespace = "${var.service_name}-sb.servicebus.windows.net"
  peer_queue_name           = "${var.service_name}-inbound"
  alarm_topic_arn           = var.alarm_topic_arn
}
