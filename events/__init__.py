"""Events with registration, the waiting list, tickets and organiser pages. May import foundation and
districts; never staff, open_data or haizhu_portal."""
