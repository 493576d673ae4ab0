"""Report content problems; exit with a non-zero status when there are errors."""

from django.core.management.base import BaseCommand, CommandError

from symptoms.editorial.checks import ERROR, check_content


class Command(BaseCommand):
    help = (
        "Find published symptoms without a specialist, test or source, links to unpublished "
        "records, overdue reviews, likely duplicates and treatments missing a safety warning."
    )

    def handle(self, *args, **options):
        findings = check_content()
        for finding in findings:
            style = self.style.ERROR if finding.severity == ERROR else self.style.WARNING
            self.stdout.write(
                f"{style(finding.severity.upper())} [{finding.check}] {finding.message} "
                f"{finding.admin_url}"
            )
        errors = sum(1 for f in findings if f.severity == ERROR)
        warnings = len(findings) - errors
        if errors:
            raise CommandError(f"{errors} error(s), {warnings} warning(s).")
        self.stdout.write(self.style.SUCCESS(f"No errors, {warnings} warning(s)."))
