"""Weekly email alerts for chosen districts and segments. May import foundation and the other apps;
never staff, open_data or haizhu_portal."""
