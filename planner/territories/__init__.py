"""Territories (片区 / 网格): workload, location and staffing need."""
