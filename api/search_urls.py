"""The search URLs, included under /api/v1/."""

from django.urls import path

from api.search import SearchView, SuggestView

urlpatterns = [
    path("search/", SearchView.as_view(), name="search"),
    path("search/suggest/", SuggestView.as_view(), name="search-suggest"),
]
