from django.urls import path

from districts import views
from districts.feeds import IncentiveFeed

app_name = "districts"
urlpatterns = [
    path("districts/", views.DistrictListView.as_view(), name="list"),
    path("districts/compare/", views.compare, name="compare"),
    path("districts/<slug:slug>/", views.DistrictDetailView.as_view(), name="detail"),
    path("districts/<slug:slug>/inquiry/", views.inquiry_create, name="inquiry"),
    path("districts/<slug:slug>/inquiry/sent/", views.inquiry_sent, name="inquiry_sent"),
    path("districts/<slug:slug>/incentives.atom", IncentiveFeed(), name="district_incentive_feed"),
    path("incentives/", views.IncentiveListView.as_view(), name="incentives"),
    path("incentives/feed.atom", IncentiveFeed(), name="incentive_feed"),
    path("incentives/segment/<str:segment>/feed.atom", IncentiveFeed(), name="segment_incentive_feed"),
    path("incentives/finder/", views.finder, name="finder"),
    path("incentives/<int:pk>/", views.IncentiveDetailView.as_view(), name="incentive"),
    path("sources/", views.SourcesRegisterView.as_view(), name="sources"),
    path("sources.csv", views.SourcesRegisterView.as_view(as_csv=True), name="sources_csv"),
]
