package io.converge.routes.auth;

import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnectionPool;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import java.util.List;
import java.util.Objects;

/**
 * The groups a user is a member of, by a search rather than the user's {@code memberOf}: groups under a base
 * whose {@code member} or {@code uniqueMember} is the user's DN (groupOfNames, groupOfUniqueNames), by {@code cn}.
 */
final class GroupSearch {
    /** At most this many groups; a user in more gets the first ones by name. */
    static final int LIMIT = 200;

    /** The {@code cn}s of the user's groups, sorted. */
    List<String> of(LDAPConnectionPool pool, String base, String userDn, int timeLimitSeconds) throws LDAPException {
        SearchRequest request = new SearchRequest(base, SearchScope.SUB, filter(userDn), "cn");
        request.setSizeLimit(LIMIT);
        request.setTimeLimitSeconds(timeLimitSeconds);
        return pool.search(request).getSearchEntries().stream()
                .map((SearchResultEntry e) -> e.getAttributeValue("cn")).filter(Objects::nonNull).sorted().toList();
    }

    /** {@code (|(member=<dn>)(uniqueMember=<dn>))}, the DN escaped as a filter value. */
    static Filter filter(String userDn) {
        return Filter.createORFilter(Filter.createEqualityFilter("member", userDn),
                Filter.createEqualityFilter("uniqueMember", userDn));
    }
}
