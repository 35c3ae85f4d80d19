"""A Paginator that does not COUNT when the first page already tells the total."""

from django.core.paginator import Paginator


class CountLightPaginator(Paginator):
    """Page 1 is read first; when it is not full, its length is the total (no COUNT(*) query).

    Django's Paginator counts before reading any page (to validate the number); a search with
    a few hits then pays a COUNT over the same filter for nothing. Other pages count as usual.
    """

    def validate_number(self, number):
        try:
            first = int(number) == 1
        except (TypeError, ValueError):
            first = False
        if first and self.allow_empty_first_page:
            return 1  # page 1 always exists: no count needed to say so
        return super().validate_number(number)

    def page(self, number):
        number = self.validate_number(number)
        if number != 1 or self.orphans or "count" in self.__dict__:
            return super().page(number)
        rows = list(self.object_list[: self.per_page])
        if len(rows) < self.per_page:
            self.count = len(rows)
        return self._get_page(rows, number, self)
