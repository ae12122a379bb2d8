data "aws_region" "current" {}

resource "aws_vpc" "service" {
  cidr_block           = var.cidr_block
  enable_dns_support   = true
  enable_dns_hostnames = true
  tags                 = { Name = var.service_name }
}

resource "aws_subnet" "private" {
  count             = length(var.availability_zones)
  vpc_id            = aws_vpc.service.id
  cidr_block        = cidrsubnet(var.cidr_block, 4, count.index)
  availability_zone = var.availability_zones[count.index]
  tags              = { Name = "${var.service_name}-private-${count.index}" }
}

resource "aws_route_table" "private" {
  vpc_id = aws_vpc.service.id
}

resource "aws_route_table_association" "private" {
  count          = length(aws_subnet.private)
  subnet_id      = aws_subnet.private[count.index].id
  route_table_id = aws_route_table.private.id
}

resource "aws_security_group" "functions" {
  name        = "${var.service_name}-functions"
  description = "The service's Lambda functions: HTTPS out to the endpoints only"
  vpc_id      = aws_vpc.service.id
  egress {
    description = "HTTPS to AWS endpoints and the other cloud"
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

# Private paths to the services the functions call, so their traffic stays in AWS.
resource "aws_vpc_endpoint" "dynamodb" {
  vpc_id            = aws_vpc.service.id
  service_name      = "com.amazonaws.${data.aws_region.current.name}.dynamodb"
  vpc_endpoint_type = "Gateway"
  route_table_ids   = [aws_route_table.private.id]
}

resource "aws_vpc_endpoint" "interface" {
  for_each            = toset(["sqs", "secretsmanager", "logs"])
  vpc_id              = aws_vpc.service.id
  service_name        = "com.amazonaws.${data.aws_region.current.name}.${each.key}"
  vpc_endpoint_type   = "Interface"
  subnet_ids          = aws_subnet.private[*].id
  security_group_ids  = [aws_security_group.functions.id]
  private_dns_enabled = true
}
