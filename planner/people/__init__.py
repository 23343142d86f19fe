"""Customer managers (客户经理), their grade ladder, territory history and avoidance links."""
