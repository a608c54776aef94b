"""The enterprise directory: search, profiles, self-submission and review. May import foundation and
districts; never staff, open_data or haizhu_portal."""
