// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

interface IChannelManager {
    function cooperativeClose(uint256 channelId) external;
}

/// Test payee that, once armed, re-enters ChannelManager from its receive
/// hook (it is the miner's Owner, so cooperativeClose would be allowed).
/// With swallow set it records the re-entry's revert data and accepts the
/// payment; otherwise it reverts with it.
contract Reenter {
    IChannelManager public immutable cm;
    uint256 public target;
    bool public armed;
    bool public swallow;
    bytes public lastError;

    constructor(IChannelManager cm_) {
        cm = cm_;
    }

    function arm(uint256 channelId, bool swallow_) external {
        target = channelId;
        armed = true;
        swallow = swallow_;
    }

    receive() external payable {
        if (!armed) return;
        try cm.cooperativeClose(target) {
            lastError = "";
        } catch (bytes memory reason) {
            if (!swallow) {
                assembly ("memory-safe") {
                    revert(add(reason, 32), mload(reason))
                }
            }
            lastError = reason;
        }
    }
}
