output "vpc_id" {
  description = "The VPC."
  value       = aws_vpc.service.id
}

output "private_subnet_ids" {
  description = "Subnets for the Lambda functions."
  value       = aws_subnet.private[*].id
}

output "security_group_id" {
  description = "Security group for the Lambda functions."
  value       = aws_security_group.functions.id
}
