"""Districts, their figures, incentives, funds, facilities and contacts; inquiries; the catalogue and
the comparison. May import foundation; never staff, open_data or haizhu_portal."""
